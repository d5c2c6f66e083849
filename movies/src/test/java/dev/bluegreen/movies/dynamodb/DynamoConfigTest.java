package dev.bluegreen.movies.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class DynamoConfigTest {

    @Test
    void without_configuration_or_environment_it_is_the_movies_table_in_us_east_1_on_aws() {
        DynamoConfig resolved = DynamoConfig.defaults().resolve(Map.of());
        assertThat(resolved.tableName()).isEqualTo("Movies");
        assertThat(resolved.region()).isEqualTo("us-east-1");
        assertThat(resolved.endpoint()).isNull();
        assertThat(resolved.credentials()).isNull();
        assertThat(resolved.writers()).isEqualTo(DynamoConfig.DEFAULT_WRITERS);
    }

    @Test
    void the_region_comes_from_aws_region_then_aws_default_region() {
        assertThat(DynamoConfig.defaults().resolve(Map.of("AWS_REGION", "eu-west-1", "AWS_DEFAULT_REGION",
                "eu-central-1")).region()).isEqualTo("eu-west-1");
        assertThat(DynamoConfig.defaults().resolve(Map.of("AWS_DEFAULT_REGION", "eu-central-1")).region())
                .isEqualTo("eu-central-1");
        assertThat(DynamoConfig.defaults().withRegion("ap-south-1").resolve(Map.of("AWS_REGION", "eu-west-1"))
                .region()).isEqualTo("ap-south-1");
    }

    @Test
    void the_endpoint_comes_from_the_service_specific_variable_first() {
        Map<String, String> both = Map.of("AWS_ENDPOINT_URL", "http://all:1", "AWS_ENDPOINT_URL_DYNAMODB",
                "http://dynamo:2");
        assertThat(DynamoConfig.defaults().resolve(both).endpoint()).isEqualTo(URI.create("http://dynamo:2"));
        assertThat(DynamoConfig.defaults().resolve(Map.of("AWS_ENDPOINT_URL", "http://all:1")).endpoint())
                .isEqualTo(URI.create("http://all:1"));
        assertThat(DynamoConfig.defaults().withEndpoint(URI.create("http://given:3")).resolve(both).endpoint())
                .isEqualTo(URI.create("http://given:3"));
    }

    @Test
    void bad_values_are_refused_with_what_was_expected() {
        assertThatThrownBy(() -> DynamoConfig.defaults().withTable("a b")).hasMessageContaining("table name");
        assertThatThrownBy(() -> DynamoConfig.defaults().withWriters(0)).hasMessageContaining("at least 1");
    }

    @Test
    void printing_the_configuration_never_shows_credentials() {
        DynamoConfig config = DynamoConfig.defaults().withCredentials(StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG")));
        assertThat(config.toString()).doesNotContain("AKIDEXAMPLE").doesNotContain("wJalrXUtnFEMI");
    }
}
