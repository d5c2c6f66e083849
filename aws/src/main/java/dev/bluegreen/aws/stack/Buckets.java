package dev.bluegreen.aws.stack;

import dev.bluegreen.aws.AwsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The S3 buckets the stack tools touch: the template bucket they may create, the artifact bucket they empty. Every
 * call names the account expected to own the bucket (S3 refuses with 403 otherwise): bucket names are global, and
 * a bucket of someone else's, with the same name, must never receive the platform's source or the templates.
 */
public final class Buckets {

    private final S3Client s3;
    private final String owner;

    /** @param owner the account id the buckets must belong to */
    public Buckets(S3Client s3, String owner) {
        this.s3 = s3;
        this.owner = owner;
    }

    public boolean exists(String bucket) {
        try {
            s3.headBucket(b -> b.bucket(bucket).expectedBucketOwner(owner));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            if (e.statusCode() == 403) {
                throw new AwsException("bucket " + bucket + " exists but is not this account's ("
                        + owner + "), or these credentials may not use it (403): S3 bucket names are global, "
                        + "choose another --bucket");
            }
            throw SdkErrors.explain("looking for bucket " + bucket, e);
        }
    }

    /**
     * Creates the bucket in {@code region} unless it exists, with all public access blocked (it holds the
     * platform's source and templates, which nobody outside the account needs to read) and a policy refusing
     * plain HTTP; a bucket that exists keeps its own policy, if it has one.
     *
     * @return what was done, one line each (nothing when the bucket was ready)
     */
    public List<String> ensure(String bucket, String region) {
        List<String> done = new ArrayList<>();
        if (!exists(bucket)) {
            try {
                s3.createBucket(b -> {
                    b.bucket(bucket);
                    // us-east-1 is the one region that refuses to be named as a location constraint
                    if (!"us-east-1".equals(region)) {
                        b.createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.fromValue(
                                region)));
                    }
                });
                s3.putPublicAccessBlock(b -> b.bucket(bucket).expectedBucketOwner(owner)
                        .publicAccessBlockConfiguration(c -> c.blockPublicAcls(true).ignorePublicAcls(true)
                                .blockPublicPolicy(true).restrictPublicBuckets(true)));
            } catch (SdkException e) {
                throw SdkErrors.explain("creating bucket " + bucket + " in " + region, e);
            }
            done.add("created bucket " + bucket + " in " + region + " (public access blocked)");
        }
        tlsOnly(bucket, region).ifPresent(done::add);
        versioned(bucket);
        return done;
    }

    /** The bucket policy that refuses every request not made over TLS, unless the bucket has a policy already. */
    private Optional<String> tlsOnly(String bucket, String region) {
        try {
            String current = s3.getBucketPolicy(b -> b.bucket(bucket).expectedBucketOwner(owner)).policy();
            return current.contains("aws:SecureTransport") ? Optional.empty()
                    : Optional.of("note: bucket " + bucket + " has a policy of its own, kept as it is; it "
                    + "does not refuse plain HTTP (aws:SecureTransport)");
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw SdkErrors.explain("reading the policy of bucket " + bucket, e);
            }
        }
        String arn = "arn:" + partition(region) + ":s3:::" + bucket;
        String policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"TlsOnly\", \"Effect\": \"Deny\", "
                + "\"Principal\": \"*\", \"Action\": \"s3:*\", \"Resource\": [\"" + arn + "\", \"" + arn + "/*\"], "
                + "\"Condition\": {\"Bool\": {\"aws:SecureTransport\": \"false\"}}}]}";
        try {
            s3.putBucketPolicy(b -> b.bucket(bucket).expectedBucketOwner(owner).policy(policy));
        } catch (SdkException e) {
            throw SdkErrors.explain("putting a TLS-only policy on bucket " + bucket, e);
        }
        return Optional.of("bucket " + bucket + " refuses plain HTTP (a TLS-only bucket policy)");
    }

    static String partition(String region) {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }

    /** CodePipeline takes an S3 source (platform.zip) only from a versioned bucket. */
    private void versioned(String bucket) {
        try {
            if (s3.getBucketVersioning(b -> b.bucket(bucket).expectedBucketOwner(owner)).status()
                    != BucketVersioningStatus.ENABLED) {
                s3.putBucketVersioning(b -> b.bucket(bucket).expectedBucketOwner(owner).versioningConfiguration(v -> v
                        .status(BucketVersioningStatus.ENABLED)));
            }
        } catch (SdkException e) {
            throw SdkErrors.explain("turning on versioning of bucket " + bucket + " (CodePipeline's S3 source "
                    + "needs it)", e);
        }
    }

    /**
     * Deletes every object version and delete marker, so that CloudFormation can delete the bucket (it refuses a
     * bucket that is not empty, and a versioned bucket's deleted objects still count).
     *
     * @return how many versions were deleted; 0 when the bucket does not exist
     */
    public int empty(String bucket) {
        if (!exists(bucket)) {
            return 0;
        }
        int deleted = 0;
        try {
            String keyMarker = null;
            String versionMarker = null;
            ListObjectVersionsResponse page;
            do {
                String k = keyMarker;
                String v = versionMarker;
                page = s3.listObjectVersions(b -> b.bucket(bucket).expectedBucketOwner(owner).keyMarker(k)
                        .versionIdMarker(v));
                List<ObjectIdentifier> ids = new ArrayList<>();
                page.versions().forEach(o -> ids.add(ObjectIdentifier.builder().key(o.key()).versionId(o.versionId())
                        .build()));
                page.deleteMarkers().forEach(o -> ids.add(ObjectIdentifier.builder().key(o.key())
                        .versionId(o.versionId()).build()));
                if (!ids.isEmpty()) {
                    s3.deleteObjects(b -> b.bucket(bucket).expectedBucketOwner(owner)
                            .delete(d -> d.objects(ids).quiet(true)));
                    deleted += ids.size();
                }
                keyMarker = page.nextKeyMarker();
                versionMarker = page.nextVersionIdMarker();
            } while (Boolean.TRUE.equals(page.isTruncated()));
        } catch (SdkException e) {
            throw SdkErrors.explain("emptying bucket " + bucket, e);
        }
        return deleted;
    }
}
