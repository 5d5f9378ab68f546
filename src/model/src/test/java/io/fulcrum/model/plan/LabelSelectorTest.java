package io.fulcrum.model.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.model.FieldError;
import io.fulcrum.model.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {

    @Test
    void everyPairMustHoldWithItsExactValue() {
        LabelSelector s = LabelSelector.parse("scope", List.of("team=payments", "env=prod"));

        assertThat(s.matches(Map.of("team", "payments", "env", "prod", "tier", "web")))
                .isTrue();
        assertThat(s.matches(Map.of("team", "payments"))).isFalse();
        assertThat(s.matches(Map.of("team", "Payments", "env", "prod"))).isFalse();
        assertThat(s).hasToString("env=prod,team=payments");
    }

    @Test
    void oneTermMayCarrySeveralPairsAndAValueMayBeEmpty() {
        assertThat(LabelSelector.parse("scope", List.of("team=payments,env=")).labels())
                .isEqualTo(Map.of("team", "payments", "env", ""));
    }

    @Test
    void theEmptySelectorMatchesEverything() {
        assertThat(LabelSelector.parse("scope", List.of()).matches(Map.of())).isTrue();
        assertThat(LabelSelector.ALL.isAll()).isTrue();
    }

    @Test
    void aTermThatIsNotKeyEqualsValueOrAKeyGivenTwiceIsRefused() {
        assertThat(Fixtures.errorsOf(() -> LabelSelector.parse("scope", List.of("team", "=x", "a=1", "a=2"))))
                .containsExactly(
                        new FieldError("scope", "'team' is not key=value"),
                        new FieldError("scope", "'=x' is not key=value"),
                        new FieldError("scope", "'a' is given twice with different values"));
    }
}
