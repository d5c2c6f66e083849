package dev.bluegreen.web.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.util.List;

/**
 * A movie as the API sends it. The front end reads it tolerantly (unknown fields are ignored, any info field may be
 * missing) because in a blue/green deployment it may face an API one release ahead of it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApiMovie(int year, String title, Info info) {

    public ApiMovie {
        info = info == null ? Info.EMPTY : info;
    }

    /** The {@code info} map of the AWS sample; {@code rating} is a BigDecimal so that "7" stays 7. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Info(List<String> directors,
                       @JsonProperty("release_date") String releaseDate,
                       BigDecimal rating,
                       List<String> genres,
                       @JsonProperty("image_url") String imageUrl,
                       String plot,
                       Integer rank,
                       @JsonProperty("running_time_secs") Integer runningTimeSecs,
                       List<String> actors) {

        public static final Info EMPTY = new Info(null, null, null, null, null, null, null, null, null);
    }
}
