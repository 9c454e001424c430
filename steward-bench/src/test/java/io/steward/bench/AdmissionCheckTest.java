package io.steward.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdmissionCheckTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void evenlySpacedAdmissionsAtTheLimitAreNotOverAdmissions() {
        long[] stamps = new long[3000];
        for (int i = 0; i < stamps.length; i++) {
            stamps[i] = i * (SECOND / 1000);
        }
        AdmissionCheck check = AdmissionCheck.of(stamps, stamps.length, SECOND, 1000);
        assertThat(check).isEqualTo(new AdmissionCheck(3000, 1000, 0));
    }

    @Test
    void countsEveryAdmissionThatMadeItsWindowHoldMoreThanTheBound() {
        // 3 at t=0, 2 more 0.5 s later: the window ending at 0.5 s holds 5 against a bound of 3
        long[] stamps = {SECOND / 2, 0, 0, SECOND / 2, 0};
        AdmissionCheck check = AdmissionCheck.of(stamps, stamps.length, SECOND, 3);
        assertThat(check).isEqualTo(new AdmissionCheck(5, 5, 2));
    }

    @Test
    void anAdmissionExactlyOneWindowLaterStartsAFreshWindow() {
        long[] stamps = {0, 0, SECOND, SECOND};
        AdmissionCheck check = AdmissionCheck.of(stamps, stamps.length, SECOND, 2);
        assertThat(check).isEqualTo(new AdmissionCheck(4, 2, 0));
    }

    @Test
    void readsOnlyTheFilledPartOfTheArray() {
        long[] stamps = {5, 6, 0, 0};
        assertThat(AdmissionCheck.of(stamps, 2, SECOND, 1)).isEqualTo(new AdmissionCheck(2, 2, 1));
    }
}
