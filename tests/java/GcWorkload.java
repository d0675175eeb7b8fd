import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Allocation workload for real GC logs (es-jvm-advisor tests and fixtures).
 *
 * <p>Builds a live set, churns short-lived garbage, allocates some humongous arrays (G1 regions are
 * 1-32 MB, so 2 MB+ arrays on a small heap are humongous) and, in "stress" mode, grows the live set
 * until the heap is nearly full so the collector must fall back (full GC, to-space exhausted, concurrent
 * mode failure, ZGC allocation stall). Always ends by itself.
 *
 * <p>Usage: {@code java GcWorkload SECONDS LIVE_MB [stress]}. The amount of work is fixed
 * ({@code ITERATIONS_PER_SECOND * SECONDS} allocations, about SECONDS on an idle core), so a busy
 * machine gives logs of the same size; {@code SLOWDOWN_CAP} bounds the run time anyway.
 */
public final class GcWorkload {
    private static final long ITERATIONS_PER_SECOND = 1_000_000L;
    private static final double SLOWDOWN_CAP = 8.0;
    private static volatile long sink;

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3.0;
        int liveMb = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        boolean stress = args.length > 2 && args[2].equals("stress");
        long deadline = System.nanoTime() + (long) (seconds * SLOWDOWN_CAP * 1e9);
        long iterations = (long) (seconds * ITERATIONS_PER_SECOND);
        Random random = new Random(42);
        List<byte[]> live = new ArrayList<>();
        for (int i = 0; i < liveMb * 16; i++) {
            live.add(new byte[64 * 1024]);
        }
        List<byte[]> survivors = new ArrayList<>();
        long iteration = 0;
        while (iteration < iterations && (iteration % 4096 != 0 || System.nanoTime() < deadline)) {
            iteration++;
            byte[] garbage = new byte[256 + random.nextInt(8 * 1024)];
            sink += garbage.length;
            if (iteration % 64 == 0) {
                survivors.add(new byte[16 * 1024]);
                if (survivors.size() > 2048) {
                    survivors.subList(0, 1024).clear();
                }
            }
            if (iteration % 20_000 == 0) {
                byte[] humongous = new byte[(2 + random.nextInt(4)) * 1024 * 1024];
                sink += humongous.length;
            }
            if (iteration % 50_000 == 0) {
                live.set(random.nextInt(live.size()), new byte[64 * 1024]);
            }
            if (stress && iteration % 2_000 == 0) {
                try {
                    live.add(new byte[256 * 1024]);
                } catch (OutOfMemoryError oom) {
                    live.subList(0, live.size() / 2).clear();
                }
            }
        }
        System.out.println("done " + iteration + " iterations, live " + live.size() + " " + sink);
    }
}
