package minicoin.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {

    private static final LinkShape SLOW = new LinkShape(2_000, 500, 4_096);

    @Test
    void theSameSeedGivesTheSameSchedule() {
        assertEquals(FaultSchedule.full(7, 8, 30_000, 540_000, SLOW), FaultSchedule.full(7, 8, 30_000, 540_000, SLOW));
        assertNotEquals(FaultSchedule.full(7, 8, 30_000, 540_000, SLOW), FaultSchedule.full(8, 8, 30_000, 540_000, SLOW));
    }

    @Test
    void atMostAThirdOfTheNodesIsDownAtOnce() {
        for (long seed = 0; seed < 200; seed++) {
            FaultSchedule schedule = FaultSchedule.full(seed, 8, 30_000, 540_000, SLOW);
            assertTrue(schedule.mostNodesDownAtOnce() <= 2, "seed " + seed + ": " + schedule.mostNodesDownAtOnce());
        }
    }

    @Test
    void everyFaultIsUndoneBeforeTheQuietEnd() {
        for (long seed = 0; seed < 200; seed++) {
            FaultSchedule schedule = FaultSchedule.full(seed, 8, 30_000, 540_000, SLOW);
            Set<Integer> down = new HashSet<>();
            Set<Integer> slow = new HashSet<>();
            boolean partitioned = false;
            for (Fault fault : schedule.faults()) {
                assertTrue(fault.atMillis() <= 540_000, fault.toString());
                if (fault instanceof Fault.Partition) {
                    assertTrue(!partitioned, "seed " + seed + ": a partition inside a partition");
                    partitioned = true;
                } else if (fault instanceof Fault.Heal) {
                    partitioned = false;
                } else if (fault instanceof Fault.Kill kill) {
                    assertTrue(down.add(kill.node()), "seed " + seed + ": n" + kill.node() + " killed twice");
                } else if (fault instanceof Fault.Wipe wipe) {
                    assertTrue(down.add(wipe.node()), "seed " + seed + ": n" + wipe.node() + " wiped while down");
                } else if (fault instanceof Fault.Restart restart) {
                    assertTrue(down.remove(restart.node()), "seed " + seed + ": n" + restart.node() + " restarted while up");
                } else if (fault instanceof Fault.SlowLinks links) {
                    slow.add(links.node());
                } else if (fault instanceof Fault.RestoreLinks links) {
                    slow.remove(links.node());
                }
            }
            assertTrue(down.isEmpty() && slow.isEmpty() && !partitioned, "seed " + seed + " ends with faults in force");
            assertTrue(schedule.quietFromMillis() <= 540_000);
        }
    }

    @Test
    void aFullScheduleHasEveryKindOfFault() {
        Set<Class<?>> kinds = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            FaultSchedule.full(seed, 8, 30_000, 540_000, SLOW).faults().forEach(fault -> kinds.add(fault.getClass()));
        }
        assertEquals(Set.of(Fault.Partition.class, Fault.Heal.class, Fault.Kill.class, Fault.Wipe.class,
                Fault.Restart.class, Fault.SlowLinks.class, Fault.RestoreLinks.class), kinds);
    }

    @Test
    void theSmallScheduleCutsOneNodeOffThenKillsAnother() {
        FaultSchedule schedule = FaultSchedule.small(3, 3, 8_000, 20_000, 6_000);
        List<Fault> faults = schedule.faults();
        assertEquals(4, faults.size());
        Fault.Partition partition = (Fault.Partition) faults.get(0);
        Fault.Kill kill = (Fault.Kill) faults.get(2);
        assertEquals(1, partition.groups().get(0).size());
        assertTrue(partition.groups().get(1).contains(kill.node()));
        assertEquals(new Fault.Heal(28_000), faults.get(1));
        assertEquals(new Fault.Restart(44_000, kill.node()), faults.get(3));
        assertEquals(44_000, schedule.lastRepairMillis());
    }

    @Test
    void thePartitionsScheduleCutsAThirdOffAndHealsEachBeforeTheNext() {
        FaultSchedule schedule = FaultSchedule.partitions(3, 8, 15_000, 300_000, 30_000, 45_000);
        List<Fault> faults = schedule.faults();
        assertEquals(6, faults.size(), faults.toString());
        for (int i = 0; i < faults.size(); i += 2) {
            Fault.Partition partition = (Fault.Partition) faults.get(i);
            assertEquals(15_000 + i / 2 * 75_000, partition.atMillis());
            assertEquals(2, partition.groups().get(0).size());
            assertEquals(6, partition.groups().get(1).size());
            assertEquals(new Fault.Heal(partition.atMillis() + 30_000), faults.get(i + 1));
        }
        assertEquals(faults.get(5).atMillis(), schedule.lastRepairMillis());
        assertEquals(schedule, FaultSchedule.partitions(3, 8, 15_000, 300_000, 30_000, 45_000));
    }
}
