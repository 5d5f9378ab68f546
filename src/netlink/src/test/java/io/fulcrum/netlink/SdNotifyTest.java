package io.fulcrum.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SdNotifyTest {
    @Test
    void aPathSocketIsTheFamilyThenThePathWithoutNul() {
        assertThat(SdNotify.sockaddr("/run/systemd/notify"))
                .containsExactly(
                        1, 0, '/', 'r', 'u', 'n', '/', 's', 'y', 's', 't', 'e', 'm', 'd', '/', 'n', 'o', 't', 'i', 'f',
                        'y');
    }

    @Test
    void anAtSignNamesTheAbstractNamespace() {
        assertThat(SdNotify.sockaddr("@sd")).containsExactly(1, 0, 0, 's', 'd');
    }

    @Test
    void aRelativeOrOverlongNameIsRefused() {
        assertThatThrownBy(() -> SdNotify.sockaddr("notify")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SdNotify.sockaddr("/" + "x".repeat(107))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutNotifySocketNothingIsSent() {
        assertThat(SdNotify.notify(null, "READY=1\n")).isFalse();
        assertThat(SdNotify.notify("", "READY=1\n")).isFalse();
    }

    @Test
    void aSocketThatCannotBeReachedIsReportedNotThrown() {
        assertThat(SdNotify.notify("/nonexistent/fulcrum-notify", "READY=1\n")).isFalse();
        assertThat(SdNotify.notify("relative", "READY=1\n")).isFalse();
    }
}
