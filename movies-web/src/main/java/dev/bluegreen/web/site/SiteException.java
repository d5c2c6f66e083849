package dev.bluegreen.web.site;

/**
 * A site directory that cannot be used: thrown at start-up, never while serving, with a message that names the
 * file (and the key, for site.properties) so that whoever built the site can fix it.
 */
public class SiteException extends RuntimeException {

    public SiteException(String message) {
        super(message);
    }

    public SiteException(String message, Throwable cause) {
        super(message, cause);
    }
}
