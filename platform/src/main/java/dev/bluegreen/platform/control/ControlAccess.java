package dev.bluegreen.platform.control;

import dev.bluegreen.service.AddressLiteral;
import dev.bluegreen.service.HttpProblem;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Who may ask the control API what, checked before any route answers:
 * <ul>
 * <li>the {@code Host} must be the address the API is bound to, the address the request arrived at, or
 * {@code localhost}, {@code 127.0.0.1} or {@code [::1]}, with the API's port (else 421): a web page whose name an
 * attacker re-points at 127.0.0.1 (DNS rebinding) sends its own name, and reads nothing;</li>
 * <li>a change (any method but GET and HEAD) that carries an {@code Origin} must come from the API's own origin
 * (else 403): no other page may post to it, token or not; the CLI sends no {@code Origin};</li>
 * <li>bound beyond this machine (any address that is not loopback), every request needs the token, reads included
 * (else 401): only the dashboard's page, its files and {@code /health} are open, as they say nothing about the
 * platform. On loopback, reads are open to this machine's users and changes need the token.</li>
 * </ul>
 */
final class ControlAccess {

    private static final Set<String> LOOPBACK_NAMES = Stream.of("localhost", "127.0.0.1", "[::1]")
            .map(name -> canonical(name).orElseThrow()).collect(Collectors.toUnmodifiableSet());
    private static final Set<HandlerType> READS = Set.of(HandlerType.GET, HandlerType.HEAD);

    private final Token token;
    private final String boundName;
    private final boolean readsNeedToken;

    ControlAccess(String bindHost, Token token) {
        this.token = token;
        this.boundName = canonical(bindHost).orElseThrow(() -> new IllegalArgumentException(
                "not a host to bind: " + bindHost));
        this.readsNeedToken = !isLoopback(bindHost);
    }

    /**
     * Whether an API bound to {@code host} is reachable from other machines, and so needs the token for every
     * request: true for anything but a loopback address or {@code localhost} (a name is resolved, as the bind
     * resolves it).
     */
    static boolean beyondThisMachine(String host) {
        return !isLoopback(host);
    }

    /** The before-handler of every request. */
    void check(Context ctx) {
        String host = ctx.header("Host");
        if (!acceptedHost(host, ctx)) {
            throw new HttpProblem(421, "misdirected_request", "this is bluegreen's control API, and it answers "
                    + "only requests for its own address or localhost, with its port; this one was for '" + host
                    + "' (a web page reached through a name of its own is refused: DNS rebinding)");
        }
        String origin = ctx.header("Origin");
        if (!READS.contains(ctx.method()) && origin != null && !origin.equalsIgnoreCase("http://" + host)) {
            throw new HttpProblem(403, "forbidden", "a change must come from the control API's own page or "
                    + "from a program, not from the web page at '" + origin + "'");
        }
        if (readsNeedToken && !isOpen(ctx.path())) {
            requireToken(ctx, "the control API listens beyond this machine, so reads need the control token too: "
                    + "send it as 'Authorization: Bearer <token>'");
        }
    }

    /** Refuses (401) a request without the token. */
    void requireToken(Context ctx, String why) {
        String header = ctx.header("Authorization");
        String presented = header != null && header.startsWith("Bearer ") ? header.substring(7).trim() : null;
        if (!token.matches(presented)) {
            throw new HttpProblem(401, "unauthorized", why);
        }
    }

    private static boolean isOpen(String path) {
        return path.equals("/") || path.equals("/health") || path.startsWith("/dashboard/");
    }

    private boolean acceptedHost(String header, Context ctx) {
        if (header == null || header.isBlank()) {
            return false;
        }
        int close = header.lastIndexOf(']');
        int colon = header.lastIndexOf(':');
        boolean hasPort = colon > close && (close >= 0 || header.indexOf(':') == colon);
        String name = hasPort ? header.substring(0, colon) : header;
        int port = ctx.req().getLocalPort();
        boolean portMatches = hasPort ? header.substring(colon + 1).equals(Integer.toString(port)) : port == 80;
        if (!portMatches) {
            return false;
        }
        Optional<String> asked = canonical(name);
        return asked.isPresent() && (LOOPBACK_NAMES.contains(asked.get()) || asked.get().equals(boundName)
                || asked.equals(canonical(ctx.req().getLocalAddr())));
    }

    /** A name in lower case, an address as a URL writes it (so that {@code [0:0::1]} is {@code [::1]}). */
    private static Optional<String> canonical(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        Optional<InetAddress> address = AddressLiteral.parse(name);
        if (address.isPresent()) {
            return Optional.of(AddressLiteral.forUrl(address.get()));
        }
        return name.matches("[A-Za-z0-9.-]+") ? Optional.of(name.toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    private static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        Optional<InetAddress> literal = AddressLiteral.parse(host);
        if (literal.isPresent()) {
            return literal.get().isLoopbackAddress();
        }
        try {
            return Arrays.stream(InetAddress.getAllByName(host)).allMatch(InetAddress::isLoopbackAddress);
        } catch (UnknownHostException e) {
            return false; // the bind fails anyway, saying why
        }
    }
}
