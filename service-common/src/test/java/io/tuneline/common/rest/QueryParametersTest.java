package io.tuneline.common.rest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryParametersTest {

    @Test
    void absentValuesTakeTheFallbackAndNumbersWithinRangePass() {
        assertThat(QueryParameters.longValue("offset", null, 0, 0, Long.MAX_VALUE)).isZero();
        assertThat(QueryParameters.intValue("limit", " 20 ", 50, 1, 1000)).isEqualTo(20);
    }

    @Test
    void textAndOutOfRangeValuesAreBadRequestsNamingTheParameter() {
        assertThatThrownBy(() -> QueryParameters.intValue("limit", "ten", 50, 1, 1000))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.toApiError().error()).isEqualTo("invalid-parameter");
                    assertThat(e.toApiError().details()).containsEntry("parameter", "limit");
                    assertThat(e.getMessage()).contains("'limit'", "'ten'");
                });
        assertThatThrownBy(() -> QueryParameters.longValue("offset", "-1", 0, 0, Long.MAX_VALUE))
                .hasMessageContaining("'offset' must be a whole number at least 0");
        assertThatThrownBy(() -> QueryParameters.intValue("limit", "99999999999999999999", 50, 1, 1000))
                .isInstanceOf(ApiException.class);
    }
}
