package dev.bluegreen.cli.aws;

import dev.bluegreen.aws.AwsClients;
import dev.bluegreen.aws.AwsException;
import software.amazon.awssdk.core.exception.SdkException;

/** The region the commands work in, or a message that says how to choose one. */
final class AwsRegion {

    private AwsRegion() {
    }

    static String of(AwsClients clients) {
        try {
            return clients.region();
        } catch (SdkException e) {
            throw new AwsException("no AWS region: give --region, or set AWS_REGION (or a region in your AWS "
                    + "profile)", e);
        }
    }
}
