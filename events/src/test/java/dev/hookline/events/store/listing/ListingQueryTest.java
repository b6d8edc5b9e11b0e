package dev.hookline.events.store.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hookline.events.ExecutionStatus;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ListingQueryTest {

    @Test
    void noParametersListTheNewestFiftyOfEverything() {
        assertThat(ListingQuery.fromParameters(Map.of())).isEqualTo(ListingQuery.newest());
        assertThat(ListingQuery.newest().limit()).isEqualTo(50);
    }

    @Test
    void everyParameterIsRead() {
        ListingQuery query = ListingQuery.fromParameters(Map.of("status", "failed", "source", "github",
                "from", "2026-05-01T00:00:00Z", "to", "2026-05-02T00:00:00+02:00", "limit", "20", "cursor", "abc"));

        assertThat(query).isEqualTo(new ListingQuery(Optional.of(ExecutionStatus.FAILED), Optional.of("github"),
                Optional.of(Instant.parse("2026-05-01T00:00:00Z")), Optional.of(Instant.parse("2026-05-01T22:00:00Z")),
                20, Optional.of("abc")));
    }

    @Test
    void emptyParametersCountAsAbsent() {
        assertThat(ListingQuery.fromParameters(Map.of("status", "", "cursor", ""))).isEqualTo(ListingQuery.newest());
    }

    @Test
    void anUnknownStatusIsRefusedListingTheKnownOnes() {
        assertThatThrownBy(() -> ListingQuery.fromParameters(Map.of("status", "DONE")))
                .isInstanceOfSatisfying(InvalidListingQueryException.class,
                        invalid -> assertThat(invalid.parameter()).isEqualTo("status"))
                .hasMessageContaining("STARTED, VALIDATING, PROCESSING, FINALIZING, COMPLETED, REJECTED, FAILED")
                .hasMessageContaining("'DONE'");
    }

    @Test
    void aTimeThatIsNotAnIsoInstantIsRefusedNamingTheParameter() {
        assertThatThrownBy(() -> ListingQuery.fromParameters(Map.of("to", "yesterday")))
                .isInstanceOfSatisfying(InvalidListingQueryException.class,
                        invalid -> assertThat(invalid.parameter()).isEqualTo("to"))
                .hasMessageContaining("ISO-8601");
    }

    @Test
    void aLimitThatIsNotANumberIsRefused() {
        assertThatThrownBy(() -> ListingQuery.fromParameters(Map.of("limit", "lots")))
                .isInstanceOfSatisfying(InvalidListingQueryException.class,
                        invalid -> assertThat(invalid.parameter()).isEqualTo("limit"));
    }

    @Test
    void anUnknownParameterIsRefusedRatherThanIgnored() {
        assertThatThrownBy(() -> ListingQuery.fromParameters(Map.of("staus", "FAILED")))
                .isInstanceOfSatisfying(InvalidListingQueryException.class,
                        invalid -> assertThat(invalid.parameter()).isEqualTo("staus"))
                .hasMessageContaining("unknown parameter 'staus'");
    }
}
