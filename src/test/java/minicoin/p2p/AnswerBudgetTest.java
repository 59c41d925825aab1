package minicoin.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The per-peer answer budget on its own. */
class AnswerBudgetTest {

    @Test
    void aPeerIsSlowedOnceItsAnswersUseUpTheFreeBytesOfTheWindow() {
        AnswerBudget budget = new AnswerBudget(0);
        budget.requested(50, 0);
        long allowance = AnswerBudget.FREE_ANSWER_BYTES + AnswerBudget.MAX_AMPLIFICATION * 50;
        assertEquals(allowance, budget.allowance());

        budget.answered((int) (allowance - 1), 10);
        assertFalse(budget.slowed(10));
        budget.answered(1, 20);
        assertTrue(budget.slowed(20));
    }

    @Test
    void requestsBuyAnswersOnlyUpToTheAmplificationCap() {
        AnswerBudget budget = new AnswerBudget(0);
        budget.requested(1_000, 0);

        budget.answered((int) AnswerBudget.FREE_ANSWER_BYTES + AnswerBudget.MAX_AMPLIFICATION * 1_000, 0);

        assertTrue(budget.slowed(0));
        budget.requested(1, 0);
        assertFalse(budget.slowed(0), "one more request byte buys its share");
    }

    @Test
    void theNextWindowStartsAfresh() {
        AnswerBudget budget = new AnswerBudget(0);
        budget.answered((int) AnswerBudget.FREE_ANSWER_BYTES, 0);
        assertTrue(budget.slowed(AnswerBudget.WINDOW_MILLIS - 1));

        assertFalse(budget.slowed(AnswerBudget.WINDOW_MILLIS));
        assertEquals(0, budget.windowAnswerBytes());
        assertEquals(AnswerBudget.FREE_ANSWER_BYTES, budget.totalAnswerBytes(), "the totals are kept");
    }

    @Test
    void onlyMoreWaitingRequestsThanAnHonestPeerEverHasCountAsAFlood() {
        int honestMost = Peer.MAX_BLOCKS_IN_FLIGHT + Peer.MAX_ANNOUNCED_BLOCKS_LOOKED_UP + 1;
        assertFalse(AnswerBudget.floods(honestMost));
        assertFalse(AnswerBudget.floods(AnswerBudget.MAX_WAITING_WHILE_SLOWED));
        assertTrue(AnswerBudget.floods(AnswerBudget.MAX_WAITING_WHILE_SLOWED + 1));
    }
}
