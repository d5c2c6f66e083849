package dev.bluegreen.aws.stack;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Puts what the stacks are made from into the template bucket, under {@code bluegreen/<stack>/}: the templates,
 * the functions jar under a name made of its content's hash (CloudFormation updates a Lambda only when its code's
 * key changes), and the platform's source as {@code platform.zip}. Every call names the account that must own the
 * bucket.
 */
public final class Uploader {

    private final S3Client s3;
    private final String owner;
    private final Consumer<String> say;

    /**
     * @param owner the account id the bucket must belong to
     * @param say   where to report each step, one line each
     */
    public Uploader(S3Client s3, String owner, Consumer<String> say) {
        this.s3 = s3;
        this.owner = owner;
        this.say = say;
    }

    /**
     * @param templateUrl       main.yaml's HTTPS URL, the form CloudFormation reads templates from
     * @param functionsKey      the functions jar's full key in the bucket
     * @param platformSourceKey platform.zip's full key in the bucket
     */
    public record Uploaded(String bucket, String prefix, String templateUrl, String functionsKey,
                           String platformSourceKey, List<String> keys) {
    }

    public Uploaded upload(String bucket, String region, String stack, Templates templates, byte[] functionsJar,
                           Path platformZip) {
        new Buckets(s3, owner).ensure(bucket, region).forEach(say);
        String prefix = MainStack.prefix(stack);
        List<String> keys = new ArrayList<>();
        try {
            templates.files().forEach((name, bytes) -> {
                String key = prefix + "templates/" + name;
                s3.putObject(b -> b.bucket(bucket).expectedBucketOwner(owner).key(key)
                        .contentType("application/x-yaml"), RequestBody.fromBytes(bytes));
                keys.add(key);
            });
            say.accept("uploaded " + templates.files().size() + " templates (" + templates.origin() + ") to s3://"
                    + bucket + "/" + prefix + "templates/");

            String functionsKey = prefix + "functions/bluegreen-aws-functions-" + sha256(functionsJar).substring(0, 12)
                    + ".jar";
            if (exists(bucket, functionsKey)) {
                say.accept("functions jar unchanged: s3://" + bucket + "/" + functionsKey);
            } else {
                s3.putObject(b -> b.bucket(bucket).expectedBucketOwner(owner).key(functionsKey)
                        .contentType("application/java-archive"), RequestBody.fromBytes(functionsJar));
                say.accept("uploaded the functions jar to s3://" + bucket + "/" + functionsKey);
            }
            keys.add(functionsKey);

            String platformKey = prefix + "platform.zip";
            s3.putObject(b -> b.bucket(bucket).expectedBucketOwner(owner).key(platformKey)
                    .contentType("application/zip"), RequestBody.fromFile(platformZip));
            keys.add(platformKey);
            say.accept("uploaded the platform's source to s3://" + bucket + "/" + platformKey);

            String templateUrl = "https://" + bucket + ".s3." + region + ".amazonaws.com/" + prefix + "templates/"
                    + MainStack.TEMPLATE;
            return new Uploaded(bucket, prefix, templateUrl, functionsKey, platformKey, List.copyOf(keys));
        } catch (SdkException e) {
            throw SdkErrors.explain("uploading to s3://" + bucket + "/" + prefix, e);
        }
    }

    private boolean exists(String bucket, String key) {
        try {
            s3.headObject(b -> b.bucket(bucket).expectedBucketOwner(owner).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
