package dev.bluegreen.aws.stack;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The S3 buckets the stack tools touch: the template bucket they may create, the artifact bucket they empty. */
public final class Buckets {

    private final S3Client s3;

    public Buckets(S3Client s3) {
        this.s3 = s3;
    }

    public boolean exists(String bucket) {
        try {
            s3.headBucket(b -> b.bucket(bucket));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            if (e.statusCode() == 403) {
                throw new dev.bluegreen.aws.AwsException("bucket " + bucket + " exists but these credentials may "
                        + "not use it (403): S3 bucket names are global, choose another --bucket");
            }
            throw SdkErrors.explain("looking for bucket " + bucket, e);
        }
    }

    /**
     * Creates the bucket in {@code region} unless it exists, with all public access blocked: it holds the
     * platform's source and templates, which nobody outside the account needs to read.
     *
     * @return true when it was created
     */
    public boolean ensure(String bucket, String region) {
        if (exists(bucket)) {
            versioned(bucket);
            return false;
        }
        try {
            s3.createBucket(b -> {
                b.bucket(bucket);
                // us-east-1 is the one region that refuses to be named as a location constraint
                if (!"us-east-1".equals(region)) {
                    b.createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.fromValue(region)));
                }
            });
            s3.putPublicAccessBlock(b -> b.bucket(bucket).publicAccessBlockConfiguration(c -> c
                    .blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true)));
        } catch (SdkException e) {
            throw SdkErrors.explain("creating bucket " + bucket + " in " + region, e);
        }
        versioned(bucket);
        return true;
    }

    /** CodePipeline takes an S3 source (platform.zip) only from a versioned bucket. */
    private void versioned(String bucket) {
        try {
            if (s3.getBucketVersioning(b -> b.bucket(bucket)).status() != BucketVersioningStatus.ENABLED) {
                s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v
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
                page = s3.listObjectVersions(b -> b.bucket(bucket).keyMarker(k).versionIdMarker(v));
                List<ObjectIdentifier> ids = new ArrayList<>();
                page.versions().forEach(o -> ids.add(ObjectIdentifier.builder().key(o.key()).versionId(o.versionId())
                        .build()));
                page.deleteMarkers().forEach(o -> ids.add(ObjectIdentifier.builder().key(o.key())
                        .versionId(o.versionId()).build()));
                if (!ids.isEmpty()) {
                    s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(ids).quiet(true)));
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
