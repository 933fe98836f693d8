package org.pnn4j.kernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Runs cells in the kernel's own JVM, so that their values are real objects the renderers can display.
 *
 * <p>Three changes to JShell's {@link LocalExecutionControl}:
 * <ul>
 *   <li>a snippet's result is kept as an object under a key, and the key is what JShell sees as the value
 *       ({@link #take(String)} gets the object back);</li>
 *   <li>exits asked for on the cell's threads throw instead ({@link ExitGuard}: the JVM's {@code Runtime.exit} and
 *       {@code halt} patched by {@link ExitAgent}, and cell classes rewritten on loading by {@link ExitCallRewriter});</li>
 *   <li>{@link #stop()} also interrupts the cell's thread and every thread the cell started (they share its thread
 *       group), and {@link #threadsLeftRunning} names those that outlive the interrupt; so blocking calls and library loops that look at the
 *       interrupt flag (the kernel's training listener does) end too. The inherited stop does the rest, and differs
 *       by JDK: on 17-19 it stops the cell's thread group ({@code ThreadGroup.stop}); on 20+, where that throws,
 *       the local engine instruments the cell's own loops with stop checks as it loads them, and sets the flag they
 *       check. A loop inside a library method (not cell code) is therefore stopped on 17 but not on 25, unless it
 *       checks the interrupt flag.</li>
 * </ul>
 */
final class KernelExecutionControl extends LocalExecutionControl {
    private final Map<String, Object> results = new ConcurrentHashMap<>();
    private final AtomicLong nextKey = new AtomicLong();
    private static volatile Thread running;
    private static volatile boolean stopRequested;
    /** Whether the running cell is inside {@code Trainer.fit} (set by {@link TrainingProgress}'s listeners). */
    private static volatile boolean trainingRun;

    /** Marks the running cell as inside (or out of) a training run. */
    static void trainingRun(boolean inside) {
        trainingRun = inside;
    }

    static {
        // once per JVM, before any cell runs: exits asked for on a cell's threads, by any route, throw instead. The
        // agent's attach takes 0.1-0.3 s, so it runs on its own thread while JShell and javac start; every cell waits
        // for it (Trampoline.run), and so does the evaluator before it reports ready
        Thread install = new Thread(KernelExecutionControl::installExitGuard, "pnn4j-exit-guard");
        install.setDaemon(true);
        install.start();
    }

    /** Installs the exit guard, or waits for the installation under way; reports once when only part of it works. */
    static void installExitGuard() {
        synchronized (ExitGuard.class) {
            boolean first = !exitGuardReported;
            exitGuardReported = true;
            String problem = ExitGuard.install();
            if (first && problem != null) {
                System.err.println("pnn4j: only a cell's own System.exit calls are kept from ending the JVM: " + problem);
            }
        }
    }

    private static boolean exitGuardReported;

    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException, NotImplementedException, EngineTerminationException {
        ClassBytecodes[] rewritten = new ClassBytecodes[cbcs.length];
        for (int i = 0; i < cbcs.length; i++) {
            rewritten[i] = new ClassBytecodes(cbcs[i].name(), ExitCallRewriter.rewrite(cbcs[i].bytecodes()));
        }
        super.load(rewritten);
    }

    private static final java.util.Set<String> JVM_CLASSPATH = java.util.Set.of(
            System.getProperty("java.class.path", "").split(java.io.File.pathSeparator));

    @Override
    public void addToClasspath(String path) throws EngineTerminationException, InternalException {
        // the compiler needs the JVM's classpath, and the kernel's own class loader (the cells' loader's parent)
        // already has it; paths added later (%classpath, %maven) go to the cells' loader
        if (JVM_CLASSPATH.containsAll(java.util.Arrays.asList(path.split(java.io.File.pathSeparator)))) return;
        super.addToClasspath(path);
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        // LocalExecutionControl runs the method it is given in its own thread group and knows how to stop it on
        // each JDK; it is given a trampoline that runs the snippet and keeps the object the snippet returned.
        Trampoline.pending = doitMethod;
        Trampoline.result = null;
        try {
            super.invoke(TRAMPOLINE);
        } finally {
            Trampoline.pending = null;
        }
        Object value = Trampoline.result;
        Trampoline.result = null;
        String key = "pnn4j-value-" + nextKey.incrementAndGet();
        results.put(key, value == null ? NULL : value);
        return key;
    }

    private static final Method TRAMPOLINE;

    static {
        try {
            TRAMPOLINE = Trampoline.class.getDeclaredMethod("run");
            TRAMPOLINE.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Runs the pending snippet method on the cell's thread. */
    static final class Trampoline {
        static volatile Method pending;
        static volatile Object result;

        private Trampoline() {}

        static Object run() throws Throwable {
            installExitGuard();
            running = Thread.currentThread();
            ExitGuard.cellGroup(running.getThreadGroup());
            CELL_GROUPS.add(running.getThreadGroup());
            try {
                if (stopRequested) throw new ThreadDeath(); // asked to stop while the cell was compiling
                result = pending.invoke(null);
                return null;
            } catch (InvocationTargetException e) {
                InterruptedTraining.record(e.getCause());
                throw exitWithin(e.getCause());
            } finally {
                running = null;
                trainingRun = false;
            }
        }
    }

    /**
     * The refused exit inside {@code t}'s causes, if any, else {@code t}: an exit called by reflection reaches the cell
     * wrapped ({@code InvocationTargetException}), and is still the cell's {@code SystemExit}.
     */
    static Throwable exitWithin(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ExitGuard.ExitRequested) return c;
            if (c.getCause() == c) break;
        }
        return t;
    }

    private static final Object NULL = new Object();

    /**
     * Removes and returns the object a snippet returned.
     *
     * @param key the value JShell reported for the snippet
     * @return the object ({@code null} when the snippet returned null); {@code key} itself when it is not a key
     */
    Object take(String key) {
        Object v = results.remove(key);
        if (v == null) return key;
        return v == NULL ? null : v;
    }

    /** Forgets the values no caller took. */
    void clearValues() {
        results.clear();
    }

    /** Forgets a stop asked for during an earlier cell, and the earlier cell's threads. */
    void resetStop() {
        stopRequested = false;
        CELL_GROUPS.clear();
    }

    /** The thread groups JShell ran this cell's snippets in: the threads a snippet starts join its group. */
    private static final java.util.List<ThreadGroup> CELL_GROUPS = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The live threads the current cell started (its snippets' threads excluded). */
    private static java.util.List<Thread> cellThreads() {
        java.util.List<Thread> all = new java.util.ArrayList<>();
        for (ThreadGroup g : CELL_GROUPS) {
            Thread[] threads = new Thread[g.activeCount() + 8];
            int n = g.enumerate(threads, true);
            for (int i = 0; i < n; i++) if (threads[i] != running && threads[i].isAlive()) all.add(threads[i]);
        }
        return all;
    }

    /**
     * After an interrupt: waits up to {@code millis} for the threads the cell started to end (they were interrupted
     * with it), and names those still running.
     *
     * @return empty, or a sentence naming the threads that survived the interrupt (and what to do)
     */
    String threadsLeftRunning(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        java.util.List<String> alive = new java.util.ArrayList<>();
        for (Thread t : cellThreads()) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            try {
                if (left > 0) t.join(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (t.isAlive()) alive.add("'" + t.getName() + "'");
        }
        if (alive.isEmpty()) return "";
        return "; " + alive.size() + " thread(s) the cell started still run after being interrupted: " + String.join(", ", alive)
                + " (they ignore interrupts: make them check Thread.interrupted(), or restart the kernel to end them)";
    }

    /** @return whether a stop was asked for since the current cell started */
    boolean stopRequested() {
        return stopRequested;
    }

    @Override
    public void stop() throws EngineTerminationException, InternalException {
        boolean again = stopRequested;
        stopRequested = true;
        // the threads the cell started, also when the stop comes between two snippets: JShell stops only the snippet
        // running, and on 20+ nothing else stops them (17's thread-group stop does, for the running snippet's group)
        for (Thread other : cellThreads()) other.interrupt();
        Thread t = running;
        if (t == null) return; // not started yet: the trampoline sees the flag
        // a training run stops itself after its current batch (TrainingProgress sees the flag), keeping its history and
        // the parameters of a whole step; a second stop forces it
        if (trainingRun && !again) return;
        t.interrupt();
        super.stop();
    }

    /** Hands JShell this engine. */
    static final class Provider implements ExecutionControlProvider {
        private final KernelExecutionControl control;

        Provider(KernelExecutionControl control) {
            this.control = control;
        }

        @Override
        public String name() {
            return "pnn4j-local";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            return control;
        }
    }

    /**
     * A value as JShell prints it: strings and characters quoted and escaped ({@code "abc"}, {@code 'x'}), arrays
     * with their contents ({@code int[3] { 1, 2, 3 }}), anything else by {@code toString()}.
     *
     * @param value any value, {@code null} included
     * @return the text
     */
    static String representation(Object value) {
        return valueString(value);
    }
}
