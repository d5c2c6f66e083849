package dev.bluegreen.movies;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.util.List;

/**
 * The {@code info} map of the AWS sample, field for field and in the sample's order. Every field may be null
 * (missing). {@code rating} is a BigDecimal so that {@code 7} and {@code 8.3} are written back exactly as read.
 * It is kept without trailing zeros ({@code 7.0} becomes {@code 7}), as DynamoDB stores numbers: every store then
 * holds the same value, and reloading {@code 7.0} over {@code 7} is no change.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MovieInfo(
        List<String> directors,
        @JsonProperty("release_date") String releaseDate,
        BigDecimal rating,
        List<String> genres,
        @JsonProperty("image_url") String imageUrl,
        String plot,
        Integer rank,
        @JsonProperty("running_time_secs") Integer runningTimeSecs,
        List<String> actors) {

    public static final MovieInfo EMPTY = new MovieInfo(null, null, null, null, null, null, null, null, null);

    public MovieInfo {
        directors = directors == null ? null : List.copyOf(directors);
        genres = genres == null ? null : List.copyOf(genres);
        actors = actors == null ? null : List.copyOf(actors);
        rating = rating == null ? null : canonical(rating);
    }

    private static BigDecimal canonical(BigDecimal number) {
        BigDecimal stripped = number.stripTrailingZeros();
        // 10 must stay "10", not "1E+1"
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
