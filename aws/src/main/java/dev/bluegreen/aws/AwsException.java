package dev.bluegreen.aws;

/**
 * An AWS operation that cannot be done as asked, with a message that says why and what to do (a missing load
 * balancer, a refused flip, a stack that failed). The CLI prints the message alone; the Lambda reports it to
 * CodePipeline.
 */
public class AwsException extends RuntimeException {

    public AwsException(String message) {
        super(message);
    }

    public AwsException(String message, Throwable cause) {
        super(message, cause);
    }
}
