package dev.bluegreen.web.pages;

import dev.bluegreen.service.ErrorRenderer;
import dev.bluegreen.web.site.Site;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error of the front end as a page of the site (with its banner), through the site's {@code error} template.
 * Should that template fail, a minimal built-in page is answered instead: an error page must never fail.
 */
public final class HtmlErrorRenderer implements ErrorRenderer {

    private static final Logger LOG = LoggerFactory.getLogger(HtmlErrorRenderer.class);
    static final String CONTENT_TYPE = "text/html; charset=utf-8";

    private final Site site;
    private final Views.Common common;

    public HtmlErrorRenderer(Site site, Banner banner) {
        this.site = site;
        this.common = new Views.Common(site.properties(), banner);
    }

    @Override
    public Body render(int status, String error, String message) {
        String heading = heading(status);
        // a visitor who mistyped can search again right there
        boolean showForms = status == 400 || status == 404;
        Views.ErrorPage page = new Views.ErrorPage(heading, heading, message, status, error, showForms,
                Views.FormValues.EMPTY);
        try {
            return new Body(CONTENT_TYPE, site.render("error", List.of(common, page)));
        } catch (RuntimeException e) {
            LOG.error("the site's error template failed; answering a plain page", e);
            return new Body(CONTENT_TYPE, "<!doctype html><html><head><meta charset=\"utf-8\"><title>"
                    + escape(heading) + "</title></head><body><h1>" + escape(heading) + "</h1><p>" + escape(message)
                    + "</p></body></html>");
        }
    }

    static String heading(int status) {
        return switch (status) {
            case 400 -> "Please check your search";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 414, 431 -> "Request too large";
            case 502 -> "The movie service cannot be reached";
            case 503 -> "The movie service is unavailable";
            case 504 -> "The movie service is too slow";
            default -> status >= 500 ? "Something went wrong" : "The request cannot be served";
        };
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
