package dev.bluegreen.cli.aws;

import dev.bluegreen.cli.UserError;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks of what {@code aws deploy} is given, before anything is sent: AWS's own errors come late and vague. Each
 * accepts no more than {@code main.yaml}'s constraint on the parameter it becomes (a contract test holds them to it).
 */
final class Inputs {

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_LIKE = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    private static final Pattern CONNECTION_ARN = Pattern.compile(
            "arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\\d{12}:connection/[A-Za-z0-9-]+");
    /** GitHub's rules: letters, digits and single hyphens, not at either end, at most 39 characters. */
    private static final Pattern GITHUB_OWNER = Pattern.compile("(?=.{1,39}$)[A-Za-z0-9]+(-[A-Za-z0-9]+)*");
    private static final Pattern GITHUB_REPO = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
    /** git's rules for a branch name, as far as CodePipeline's configuration needs them. */
    private static final Pattern BRANCH = Pattern.compile("(?!/|.*/$|.*\\.\\.|.*@\\{|.*\\.lock$)[^\\s~^:?*\\[\\\\]{1,255}");
    private static final Pattern CERTIFICATE_ARN = Pattern.compile(
            "arn:aws[a-z-]*:acm:([a-z0-9-]+):\\d{12}:certificate/[A-Za-z0-9-]+");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    /** An S3 key CloudFormation's pattern takes (S3 takes more; CodePipeline's S3 source wants a zip). */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9!_.*'()-][A-Za-z0-9!_.*'()/-]*\\.zip");
    /** DynamoDB's rule for a table name. */
    private static final Pattern TABLE = Pattern.compile("[A-Za-z0-9_.-]{3,255}");

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

    /** What {@code --test-cidr none} means: nobody but the pipeline's own checks. */
    static final String NO_CIDR = "none";

    /**
     * An IPv4 CIDR (the test listener's security group rule), written as its network address; {@code none} for
     * nobody else (an empty parameter).
     */
    static String cidr(String value) {
        if (NO_CIDR.equals(value)) {
            return "";
        }
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

    static String githubOwner(String value) {
        if (!GITHUB_OWNER.matcher(value).matches()) {
            throw new UserError("--github-owner '" + value + "' is not a GitHub user or organisation name (letters, "
                    + "digits and single hyphens, at most 39)");
        }
        return value;
    }

    static String githubRepo(String value) {
        if (!GITHUB_REPO.matcher(value).matches()) {
            throw new UserError("--github-repo '" + value + "' is not a GitHub repository name (letters, digits, "
                    + "'_', '.' and '-', at most 100)");
        }
        return value;
    }

    static String branch(String value) {
        if (!BRANCH.matcher(value).matches()) {
            throw new UserError("--github-branch '" + value + "' is not a git branch name");
        }
        return value;
    }

    static String table(String value) {
        if (!TABLE.matcher(value).matches()) {
            throw new UserError("--table '" + value + "': a table name is 3 to 255 letters, digits, '_', '-' "
                    + "or '.'");
        }
        return value;
    }

    /** What {@code --certificate-arn none} means: HTTP only (an empty parameter). */
    static final String NO_CERTIFICATE = "none";

    /** An ACM certificate's ARN; {@code none} for HTTP only. */
    static String certificateArn(String value) {
        if (NO_CERTIFICATE.equals(value)) {
            return "";
        }
        if (!CERTIFICATE_ARN.matcher(value).matches()) {
            throw new UserError("--certificate-arn '" + value + "' is not an ACM certificate ARN such as "
                    + "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-... (request or import one in AWS "
                    + "Certificate Manager, in the stack's region); 'none' for HTTP only");
        }
        return value;
    }

    /** A load balancer takes a certificate of its own region only: said now rather than by the pipeline's Deploy. */
    static void certificateInRegion(String arn, String region) {
        Matcher m = CERTIFICATE_ARN.matcher(arn);
        if (m.matches() && !m.group(1).equals(region)) {
            throw new UserError("--certificate-arn is a certificate of " + m.group(1) + ", but the stack is in "
                    + region + ": a load balancer takes a certificate of its own region; request or import it in "
                    + region);
        }
    }

    static String email(String value) {
        if (!EMAIL.matcher(value).matches()) {
            throw new UserError("--approval-email '" + value + "' is not an e-mail address");
        }
        return value;
    }

    /** The app's zip in S3: its key without a leading slash, the usual mistake (s3://b/key → key). */
    static String key(String value) {
        if (!KEY.matcher(value).matches()) {
            throw new UserError("--app-source-key '" + value + "' must be the zip's key in the bucket, without a "
                    + "leading '/', ending in .zip, of letters, digits and !_.*'()/- (e.g. app/source.zip)");
        }
        return value;
    }
}
