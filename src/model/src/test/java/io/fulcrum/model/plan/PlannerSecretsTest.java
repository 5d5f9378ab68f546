package io.fulcrum.model.plan;

import static io.fulcrum.model.plan.PlanFixtures.PASSWORD;
import static io.fulcrum.model.plan.PlanFixtures.exported;
import static io.fulcrum.model.plan.PlanFixtures.fleet;
import static io.fulcrum.model.plan.PlanFixtures.plan;
import static io.fulcrum.model.plan.PlanFixtures.stored;
import static io.fulcrum.model.plan.PlanFixtures.summary;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.model.FieldError;
import io.fulcrum.model.Fixtures;
import io.fulcrum.model.Secret;
import io.fulcrum.model.VrrpGroup;
import io.fulcrum.model.plan.PlanChange.Action;
import org.junit.jupiter.api.Test;

/** VRRP passwords are write-only: kept when the document has none, shown changed but never shown. */
class PlannerSecretsTest {

    @Test
    void aGroupWithoutAPasswordKeepsTheStoredOne() {
        Plan plan = plan(fleet(), exported(fleet()));

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.errors()).isEmpty();
    }

    @Test
    void theSamePasswordAgainIsNoChange() {
        assertThat(plan(fleet(), fleet()).changes()).isEmpty();
    }

    @Test
    void aChangedPasswordIsAnUpdateThatNamesThePathButNotTheValue() {
        ObjectNode desired = Fixtures.set(fleet(), "/vrrpGroups/0/authentication/password", "n3w-pw");

        Plan plan = plan(fleet(), desired);

        assertThat(summary(plan)).containsExactly("update vrrp-group g1");
        assertThat(plan.changes().get(0).diff())
                .containsExactly(FieldDiff.secret("/authentication/password", true, true));
        assertThat(plan.changes().get(0).directors()).containsExactly("lb1", "lb2");
        String json = PlanCodec.encode(plan).toString();
        assertThat(json).doesNotContain("n3w-pw").doesNotContain(PASSWORD).contains("(secret changed)");
    }

    @Test
    void droppingAuthenticationShowsTheSecretGoneWithoutItsValue() {
        ObjectNode desired = Fixtures.remove(fleet(), "/vrrpGroups/0/authentication");

        Plan plan = plan(fleet(), desired);

        assertThat(plan.changes().get(0).diff())
                .extracting(FieldDiff::path)
                .containsExactly("/authentication", "/authentication/password");
        assertThat(plan.changes().get(0).diff().get(1).after()).isNull();
        assertThat(PlanCodec.encode(plan).toString()).doesNotContain(PASSWORD);
    }

    @Test
    void aNewGroupOfTypePassNeedsItsPassword() {
        ObjectNode desired = exported(fleet());
        Fixtures.set(desired, "/vrrpGroups/0/name", "g9");
        Fixtures.set(desired, "/virtualServers/0/vrrpGroup", "g9");

        Plan plan = plan(fleet(), desired);

        assertThat(plan.errors())
                .contains(new FieldError("/vrrpGroups/0/authentication/password", "is required for type pass"));
    }

    @Test
    void aNewGroupWithItsPasswordIsCreatedAndThePlanDoesNotShowIt() {
        ObjectNode desired = Fixtures.set(fleet(), "/vrrpGroups/0/name", "g9");
        Fixtures.set(desired, "/vrrpGroups/0/vrid", 52);
        Fixtures.set(desired, "/virtualServers/0/vrrpGroup", "g9");

        Plan plan = plan(fleet(), desired, PlanOptions.DEFAULT.withPrune(true));

        assertThat(plan.errors()).isEmpty();
        assertThat(summary(plan))
                .containsExactly("create vrrp-group g9", "update virtual-server web", "delete vrrp-group g1");
        assertThat(plan.count(Action.CREATE)).isEqualTo(1);
        assertThat(PlanCodec.encode(plan).toString()).doesNotContain(PASSWORD);
    }

    @Test
    void keepStoredSecretTakesTheStoredPasswordOnlyWhenTheGroupHasNone() {
        VrrpGroup stored = stored(fleet()).vrrpGroups().get(0);
        VrrpGroup withoutPassword =
                PlanFixtures.desired(exported(fleet())).vrrpGroups().get(0);
        VrrpGroup withOther = PlanFixtures.desired(
                        Fixtures.set(fleet(), "/vrrpGroups/0/authentication/password", "other"))
                .vrrpGroups()
                .get(0);

        assertThat(Planner.keepStoredSecret(withoutPassword, stored)).isEqualTo(stored);
        assertThat(Planner.keepStoredSecret(withOther, stored).authentication().password())
                .isEqualTo(new Secret("other"));
        assertThat(Planner.keepStoredSecret(withoutPassword, null)).isSameAs(withoutPassword);
    }
}
