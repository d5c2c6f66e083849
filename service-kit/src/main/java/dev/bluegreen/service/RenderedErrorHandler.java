package dev.bluegreen.service;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.nio.charset.Charset;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself, before a request reaches the service (a request line or headers too large, a
 * malformed request), rendered like the service's own errors instead of Jetty's HTML.
 */
final class RenderedErrorHandler extends ErrorHandler {

    private final ErrorRenderer errors;

    RenderedErrorHandler(ErrorRenderer errors) {
        this.errors = errors;
        setShowStacks(false);
        setShowMessageInTitle(false);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        ErrorRenderer.Body body = errors.render(status, ServiceHost.errorCode(status), describe(status, reason));
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, withCharset(body.contentType())));
        return ByteBuffer.wrap(body.text().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
                                                 String contentType, List<Charset> charsets, int code, String message,
                                                 Throwable cause) {
        ErrorRenderer.Body body = errors.render(code, ServiceHost.errorCode(code), describe(code, message));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, withCharset(body.contentType()));
        response.write(true, ByteBuffer.wrap(body.text().getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    /** HTML renderers name their charset already (text/html has no default); a second one would be invalid. */
    private static String withCharset(String contentType) {
        return contentType.toLowerCase(Locale.ROOT).contains("charset=") ? contentType
                : contentType + "; charset=utf-8";
    }

    private static String describe(int status, String reason) {
        return switch (status) {
            case 414 -> "the request line is too long (at most " + ServiceHost.MAX_REQUEST_HEAD_BYTES
                    + " bytes); shorten the query parameters";
            case 431 -> "the request headers are too large (at most " + ServiceHost.MAX_REQUEST_HEAD_BYTES
                    + " bytes in all)";
            case 400 -> "malformed request" + (reason == null || reason.isBlank() ? "" : ": " + reason);
            default -> reason == null || reason.isBlank() ? "HTTP " + status : reason;
        };
    }
}
