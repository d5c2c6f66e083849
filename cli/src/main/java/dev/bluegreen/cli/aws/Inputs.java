package dev.bluegreen.cli.aws;

import dev.bluegreen.cli.UserError;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks of what {@code aws deploy} is given, before anything is sent: AWS's own errors come late and vague. */
final class Inputs {

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_LIKE = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    private static final Pattern CONNECTION_ARN = Pattern.compile(
            "arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\\d{12}:connection/[A-Za-z0-9-]+");
    private static final Pattern GITHUB_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private Inputs() {
    }

    /** S3's naming rules (global names, DNS-compatible). */
    static String bucket(String option, String name) {
        if (!BUCKET.matcher(name).matches() || name.contains("..") || IP_LIKE.matcher(name).matches()
                || name.startsWith("xn--") || name.endsWith("-s3alias")) {
            throw new UserError(option + " '" + name + "' is not a valid S3 bucket name: 3 to 63 lower-case "
                    + "letters, digits, '.' and '-', starting and ending with a letter or digit");
        }
        return name;
    }

    /** An IPv4 CIDR (the test listener's security group rule), written as its network address. */
    static String cidr(String value) {
        Matcher m = CIDR.matcher(value);
        String expected = "--test-cidr '" + value + "' is not an IPv4 CIDR block such as 203.0.113.0/24 (one "
                + "address: 203.0.113.7/32)";
        if (!m.matches()) {
            throw new UserError(expected);
        }
        int address = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                throw new UserError(expected);
            }
            address = address << 8 | octet;
        }
        int bits = Integer.parseInt(m.group(5));
        if (bits > 32) {
            throw new UserError(expected);
        }
        int mask = bits == 0 ? 0 : -1 << (32 - bits);
        if ((address & ~mask) != 0) {
            int network = address & mask;
            throw new UserError("--test-cidr '" + value + "' has host bits set; did you mean "
                    + (network >>> 24) + "." + (network >>> 16 & 255) + "." + (network >>> 8 & 255) + "."
                    + (network & 255) + "/" + bits + "?");
        }
        return value;
    }

    static String connectionArn(String value) {
        if (!CONNECTION_ARN.matcher(value).matches()) {
            // shown back only when it looks like an ARN: a token pasted here by mistake must not reach a log
            String shown = value.startsWith("arn:") ? " '" + value + "'" : "";
            throw new UserError("--connection-arn" + shown + " is not a CodeStar connection ARN such as "
                    + "arn:aws:codestar-connections:eu-west-1:123456789012:connection/0a1b2c3d-... (create one in "
                    + "the console: Developer Tools > Settings > Connections, and complete its GitHub handshake)");
        }
        return value;
    }

    static String githubName(String option, String value) {
        if (!GITHUB_NAME.matcher(value).matches()) {
            throw new UserError(option + " '" + value + "' is not a GitHub owner or repository name");
        }
        return value;
    }

    static String email(String value) {
        if (!EMAIL.matcher(value).matches()) {
            throw new UserError("--approval-email '" + value + "' is not an e-mail address");
        }
        return value;
    }

    /** An S3 object key: anything non-blank but a leading slash, the usual mistake (s3://b/key → key). */
    static String key(String value) {
        if (value.isBlank() || value.startsWith("/")) {
            throw new UserError("--app-source-key '" + value + "' must be the object's key in the bucket, "
                    + "without a leading '/' (e.g. app/source.zip)");
        }
        return value;
    }
}
