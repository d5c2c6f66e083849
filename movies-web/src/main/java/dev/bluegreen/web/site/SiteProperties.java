package dev.bluegreen.web.site;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The values of a site's {@code site.properties}, checked once at start-up: a missing required key, a malformed
 * value or an unknown key (usually a typo) fails with the file and the key named, instead of a page that silently
 * shows the wrong version or colour.
 *
 * @param heading       the site's name, in every page's title and main heading
 * @param versionLabel  the release shown in the version banner ("v2", "2024-06-01.3")
 * @param colourName    the deployment colour shown in the banner ("blue", "green")
 * @param background    the page background, {@code #rgb} or {@code #rrggbb}
 * @param text          free texts ({@code text.NAME=...}), for templates as {@code {{site.text.NAME}}}
 */
public record SiteProperties(String heading, String versionLabel, String colourName, String background,
                             String lang, String dateFormat, int pageSize, Map<String, String> text) {

    public static final String FILE = "site.properties";

    static final String HEADING = "heading";
    static final String VERSION_LABEL = "version.label";
    static final String COLOUR_NAME = "colour.name";
    static final String COLOUR_BACKGROUND = "colour.background";
    static final String LANG = "lang";
    static final String DATE_FORMAT = "date.format";
    static final String PAGE_SIZE = "page.size";
    static final String TEXT_PREFIX = "text.";

    static final Set<String> KNOWN = Set.of(HEADING, VERSION_LABEL, COLOUR_NAME, COLOUR_BACKGROUND, LANG, DATE_FORMAT,
            PAGE_SIZE);
    /** The API's own maximum page size. */
    static final int MAX_PAGE_SIZE = 100;

    private static final Pattern COLOUR = Pattern.compile("#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})");
    // a text name must be one Mustache key: a dot would be read as a path
    private static final Pattern TEXT_NAME = Pattern.compile("[a-z][a-z0-9_]*");

    public SiteProperties {
        text = Collections.unmodifiableMap(new TreeMap<>(text));
    }

    /** Reads and checks the properties; {@code file} only names the source in messages. */
    static SiteProperties parse(Properties properties, String file) {
        Reader reader = new Reader(properties, file);
        for (String key : properties.stringPropertyNames()) {
            if (!KNOWN.contains(key) && !key.startsWith(TEXT_PREFIX)) {
                throw reader.problem(key, "unknown key (known: " + String.join(", ", new TreeSet<>(KNOWN))
                        + ", text.NAME)");
            }
        }
        Map<String, String> text = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(TEXT_PREFIX)) {
                String name = key.substring(TEXT_PREFIX.length());
                if (!TEXT_NAME.matcher(name).matches()) {
                    throw reader.problem(key, "a text name is lower-case letters, digits and _ (text.intro)");
                }
                text.put(name, reader.text(key, 2000, true));
            }
        }
        return new SiteProperties(
                reader.required(HEADING, 200),
                reader.required(VERSION_LABEL, 64),
                reader.required(COLOUR_NAME, 32),
                reader.colour(COLOUR_BACKGROUND),
                reader.lang(LANG, "en"),
                reader.dateFormat(DATE_FORMAT, "d MMMM yyyy"),
                reader.pageSize(PAGE_SIZE, 10),
                text);
    }

    public Locale locale() {
        return Locale.forLanguageTag(lang);
    }

    public DateTimeFormatter dateFormatter() {
        return DateTimeFormatter.ofPattern(dateFormat, locale());
    }

    /** Black or white, whichever reads better on the background (WCAG relative luminance). */
    public String textColour() {
        String hex = background.substring(1);
        if (hex.length() == 3) {
            hex = "" + hex.charAt(0) + hex.charAt(0) + hex.charAt(1) + hex.charAt(1) + hex.charAt(2) + hex.charAt(2);
        }
        double luminance = 0.2126 * linear(hex, 0) + 0.7152 * linear(hex, 2) + 0.0722 * linear(hex, 4);
        // the contrast with black beats the contrast with white above this luminance
        return luminance > 0.179 ? "#000000" : "#ffffff";
    }

    private static double linear(String hex, int at) {
        double c = Integer.parseInt(hex.substring(at, at + 2), 16) / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    /** Reads one key at a time and says which file and key a problem is in. */
    private record Reader(Properties properties, String file) {

        SiteException problem(String key, String message) {
            return new SiteException(file + ": key '" + key + "': " + message);
        }

        String required(String key, int maxLength) {
            if (properties.getProperty(key) == null) {
                throw problem(key, "missing (required)");
            }
            return text(key, maxLength, false);
        }

        String text(String key, int maxLength, boolean blankAllowed) {
            String value = properties.getProperty(key).strip();
            if (value.isEmpty() && !blankAllowed) {
                throw problem(key, "empty (required)");
            }
            if (value.length() > maxLength) {
                throw problem(key, "longer than " + maxLength + " characters");
            }
            if (value.chars().anyMatch(Character::isISOControl)) {
                throw problem(key, "contains control characters");
            }
            return value;
        }

        String optional(String key, String fallback) {
            String value = properties.getProperty(key);
            return value == null ? fallback : value.strip();
        }

        String colour(String key) {
            String value = required(key, 7);
            if (!COLOUR.matcher(value).matches()) {
                throw problem(key, "expected a colour like #1f6feb or #fff, got \"" + value + "\"");
            }
            return value.toLowerCase(Locale.ROOT);
        }

        String lang(String key, String fallback) {
            String value = optional(key, fallback);
            Locale locale = Locale.forLanguageTag(value);
            if (value.isEmpty() || locale.getLanguage().isEmpty()
                    || !locale.toLanguageTag().equalsIgnoreCase(value)) {
                throw problem(key, "expected a language tag like en or en-GB, got \"" + value + "\"");
            }
            return locale.toLanguageTag();
        }

        String dateFormat(String key, String fallback) {
            String value = optional(key, fallback);
            try {
                // a pattern with time fields parses but cannot format a date: try one
                DateTimeFormatter.ofPattern(value, Locale.ROOT).format(LocalDate.of(2000, 1, 31));
                return value;
            } catch (RuntimeException e) {
                throw problem(key, "not a date pattern (java.time.format.DateTimeFormatter, e.g. d MMMM yyyy): "
                        + e.getMessage());
            }
        }

        int pageSize(String key, int fallback) {
            String value = optional(key, Integer.toString(fallback));
            try {
                int size = Integer.parseInt(value);
                if (size >= 1 && size <= MAX_PAGE_SIZE) {
                    return size;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw problem(key, "expected a whole number from 1 to " + MAX_PAGE_SIZE + ", got \"" + value + "\"");
        }
    }
}
