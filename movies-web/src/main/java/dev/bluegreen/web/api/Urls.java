package dev.bluegreen.web.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Percent-encoding for the two places user text goes into a URL. */
public final class Urls {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Urls() {
    }

    /**
     * One path segment: everything but RFC 3986's unreserved characters is encoded, so that a title's "/", "?",
     * "#", "+", "&amp;" or "%" stays inside the segment and means itself ({@code Face/Off} -> {@code Face%2FOff}).
     */
    public static String pathSegment(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    /** One query parameter value (form encoding: a space is "+", a "+" is "%2B"). */
    public static String queryValue(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
