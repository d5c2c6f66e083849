package dev.bluegreen.movies;

import java.math.BigDecimal;
import java.util.List;

/** A handful of movies that exercise every corner of the model: missing fields, integer ratings, odd titles. */
public final class Fixtures {

    private Fixtures() {
    }

    public static final Movie RUSH_2013 = new Movie(2013, "Rush", new MovieInfo(
            List.of("Ron Howard"), "2013-09-02T00:00:00Z", new BigDecimal("8.3"),
            List.of("Action", "Biography", "Drama", "Sport"), "http://example.org/rush.jpg",
            "A re-creation of the 1970s rivalry between two Formula 1 drivers.", 2, 7380,
            List.of("Daniel Brühl", "Chris Hemsworth", "Olivia Wilde")));

    public static final Movie RUSH_1991 = new Movie(1991, "Rush", new MovieInfo(
            List.of("Lili Fini Zanuck"), "1991-12-22T00:00:00Z", new BigDecimal("6.3"),
            List.of("Crime", "Drama"), null, null, 3100, 7200, List.of("Jason Patric", "Jennifer Jason Leigh")));

    /** An integer rating must come back as {@code 7}, not {@code 7.0}. */
    public static final Movie PRISONERS = new Movie(2013, "Prisoners", new MovieInfo(
            List.of("Denis Villeneuve"), "2013-08-30T00:00:00Z", new BigDecimal("7"),
            List.of("Crime", "Drama", "Thriller"), null, "A father takes matters into his own hands.", 3, 9180,
            List.of("Hugh Jackman", "Jake Gyllenhaal", "Viola Davis")));

    public static final Movie ROMEO_JULIET = new Movie(1996, "Romeo + Juliet", new MovieInfo(
            List.of("Baz Luhrmann"), "1996-11-01T00:00:00Z", new BigDecimal("6.8"),
            List.of("Drama", "Romance"), null, null, 900, 7200,
            List.of("Leonardo DiCaprio", "Claire Danes", "John Leguizamo")));

    public static final Movie ASTERIX = new Movie(2013, "Asterix & Obelix: God Save Britannia", new MovieInfo(
            List.of("Laurent Tirard"), null, new BigDecimal("5.5"), List.of("Adventure", "Comedy"), null, null,
            4000, null, List.of("Gérard Depardieu", "Edouard Baer")));

    public static final Movie OCEANS = new Movie(2001, "Ocean's Eleven", new MovieInfo(
            List.of("Steven Soderbergh"), "2001-12-05T00:00:00Z", new BigDecimal("7.8"),
            List.of("Crime", "Thriller"), null, null, 120, 6960,
            List.of("George Clooney", "Brad Pitt", "Julia Roberts")));

    /** Only a rank: every other field missing. */
    public static final Movie BARE = new Movie(2013, "a bare title", new MovieInfo(
            null, null, null, null, null, null, 4999, null, null));

    /** Lower case sorts after upper case by bytes: "a bare title" comes after "Rush" and "Zulu". */
    public static final Movie ZULU = new Movie(1964, "Zulu", new MovieInfo(
            List.of("Cy Endfield"), "1964-01-22T00:00:00Z", new BigDecimal("7.8"), List.of("Drama", "History", "War"),
            null, "Outnumbered British soldiers hold a mission station.", 2500, 8280,
            List.of("Stanley Baker", "Michael Caine")));

    public static List<Movie> all() {
        return List.of(RUSH_2013, RUSH_1991, PRISONERS, ROMEO_JULIET, ASTERIX, OCEANS, BARE, ZULU);
    }

    /** {@code count} synthetic movies in one year, for paging tests. */
    public static List<Movie> manyIn(int year, int count) {
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> new Movie(year, String.format("Film %03d", i),
                        new MovieInfo(null, null, new BigDecimal(i % 10 + ".5"), List.of("Drama"), null, null, 10_000 + i,
                                null, List.of("Actor " + i))))
                .toList();
    }
}
