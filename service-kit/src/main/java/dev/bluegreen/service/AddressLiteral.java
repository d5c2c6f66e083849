package dev.bluegreen.service;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IP address written out ({@code 10.0.0.1}, {@code ::1}, {@code [fd00::2]}), never a name: nothing here asks
 * DNS. {@link InetAddress#getByName} looks up anything it cannot read as an address ({@code face.example} starts
 * like hex, which is how names slipped through before), so it is only given strings that hold a colon, the one form
 * the JDK parses as IPv6 or refuses without a lookup.
 */
public final class AddressLiteral {

    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "\\." + OCTET + "\\." + OCTET + "\\." + OCTET);
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*");

    private AddressLiteral() {
    }

    /** The address {@code text} spells (IPv6 with or without brackets), or empty for anything else. */
    public static Optional<InetAddress> parse(String text) {
        Matcher v4 = IPV4.matcher(text);
        try {
            if (v4.matches()) {
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    bytes[i] = (byte) Integer.parseInt(v4.group(i + 1));
                }
                return Optional.of(InetAddress.getByAddress(bytes));
            }
            String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
            if (bare.indexOf(':') >= 0 && IPV6.matcher(bare).matches()) {
                return Optional.of(InetAddress.getByName(bare));
            }
        } catch (UnknownHostException e) {
            return Optional.empty(); // a malformed IPv6 literal: refused by the parser, not looked up
        }
        return Optional.empty();
    }

    /** How a URL or a Host header writes the address: IPv6 in brackets. */
    public static String forUrl(InetAddress address) {
        String text = address.getHostAddress();
        return text.indexOf(':') >= 0 ? "[" + text + "]" : text;
    }
}
