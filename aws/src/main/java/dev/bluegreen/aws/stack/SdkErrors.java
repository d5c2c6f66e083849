package dev.bluegreen.aws.stack;

import dev.bluegreen.aws.AwsException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns an SDK failure into a user-facing {@link AwsException}: AWS's own words, no stack trace. */
public final class SdkErrors {

    private SdkErrors() {
    }

    public static AwsException explain(String doing, SdkException e) {
        String why;
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            why = service.awsErrorDetails().errorCode() + ": " + service.awsErrorDetails().errorMessage();
        } else {
            // e.g. no credentials, no region, endpoint unreachable: the SDK's message says which
            why = e.getMessage();
        }
        return new AwsException(doing + " failed: " + why, e);
    }

    /** CloudFormation says "does not exist" with a ValidationError, not a dedicated code. */
    static boolean stackMissing(SdkException e) {
        return e instanceof AwsServiceException s && s.awsErrorDetails() != null
                && "ValidationError".equals(s.awsErrorDetails().errorCode())
                && String.valueOf(s.awsErrorDetails().errorMessage()).contains("does not exist");
    }

    static boolean noUpdates(SdkException e) {
        return e instanceof AwsServiceException s && s.awsErrorDetails() != null
                && String.valueOf(s.awsErrorDetails().errorMessage()).contains("No updates are to be performed");
    }
}
