package org.pnn4j.kernel;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.ObjIntConsumer;

/**
 * Keeps a cell from ending the kernel's JVM, by any route: {@code System.exit}, {@code Runtime.getRuntime().exit} or
 * {@code halt}, reflection, a method handle, or a library the cell calls (a {@code main} method that exits on a usage
 * error). The exit throws {@link ExitRequested} in the thread that asked instead; the evaluator turns it into the
 * cell's {@code SystemExit} error, and the headless runner fails the run at that cell (exit status 1, notebook
 * written).
 *
 * <p>Two mechanisms: {@link ExitAgent} patches {@code Runtime.exit} and {@code halt} to ask {@link #refuse} first (every
 * route), and {@link ExitCallRewriter} points cells' own {@code System.exit} calls here (kept for a JVM started without
 * the attach flags, where the agent cannot load).
 *
 * <p>Whose exits are refused: those asked for on a cell's threads, that is the thread JShell runs a snippet on and every
 * thread started from it (they inherit its thread group, and so do the threads of pools a cell creates), at any time,
 * also after the cell ended. The kernel's own threads (its main thread, the protocol loops, a test harness's threads)
 * may still end the JVM, so a shutdown request, {@code ./pnn4j run}'s exit status and a test runner's exit work as
 * before. Not covered: virtual threads (they share one thread group), native code calling {@code exit()}, and a
 * thread of a pool created by the kernel before the cell (e.g. the common fork-join pool's, if already started).
 */
public final class ExitGuard {
    private static final Set<ThreadGroup> CELL_GROUPS = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private static volatile String agentProblem = "not installed yet";
    private static boolean installed;

    private ExitGuard() {}

    /**
     * Installs the agent once per JVM and sets its hook; later calls do nothing.
     *
     * @return null when every route is intercepted, else why only cells' {@code System.exit} calls are (in words)
     */
    static synchronized String install() {
        if (installed) return agentProblem;
        installed = true;
        agentProblem = ExitAgent.install();
        if (agentProblem == null) {
            try {
                ObjIntConsumer<String> guard = ExitGuard::refuse;
                Class.forName(ExitAgent.HOOK, true, null).getField("guard").set(null, guard);
            } catch (ReflectiveOperationException e) {
                agentProblem = "cannot set the exit hook: " + e;
            }
        }
        return agentProblem;
    }

    /** @return null when {@code Runtime.exit} and {@code halt} are intercepted in this JVM, else why not */
    public static String agentProblem() {
        return agentProblem;
    }

    /** Marks {@code group} as a cell's: exits from its threads and their descendants' are refused. */
    static void cellGroup(ThreadGroup group) {
        if (group != null) CELL_GROUPS.add(group);
    }

    /** @return whether {@code t} runs a cell's code: its thread group is, or descends from, a cell's */
    static boolean isCellThread(Thread t) {
        for (ThreadGroup g = t.getThreadGroup(); g != null; g = g.getParent()) {
            if (CELL_GROUPS.contains(g)) return true;
        }
        return false;
    }

    /**
     * The hook {@code Runtime.exit} and {@code halt} call: throws on a cell's thread, returns (the JVM ends) otherwise.
     *
     * @param route  {@code Runtime.exit} or {@code Runtime.halt}
     * @param status the status asked for
     * @throws ExitRequested on a cell's thread
     */
    static void refuse(String route, int status) {
        if (!isCellThread(Thread.currentThread())) return;
        throw new ExitRequested(describe(route, status), status);
    }

    /** "System.exit(3) (called from org.x.Main.main)": the public method called, and the first caller outside the JDK. */
    private static String describe(String route, int status) {
        StackTraceElement[] stack = new Throwable().getStackTrace();
        String called = route;
        String caller = null;
        for (int i = 0; i < stack.length; i++) {
            String c = stack[i].getClassName();
            if (c.equals("java.lang.System") && stack[i].getMethodName().equals("exit")) called = "System.exit";
            if (c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.") || c.startsWith("org.pnn4j.kernel.")) continue;
            caller = c.startsWith("REPL.$JShell$") ? "the cell's code" : stack[i].toString();
            break;
        }
        return called + "(" + status + ")" + (caller == null ? "" : " (called from " + caller + ")");
    }

    /**
     * What a cell's {@code System.exit(status)} calls instead: the kernel rewrites the call in every class a cell
     * compiles (see {@link ExitCallRewriter}).
     *
     * @param status the exit status the cell asked for
     * @throws ExitRequested always; the evaluator turns it into the cell's error output
     */
    public static void exit(int status) {
        throw new ExitRequested("System.exit(" + status + ")", status);
    }

    /** Thrown in place of ending the JVM. An {@link Error} so that a cell's {@code catch (Exception e)} lets it through. */
    public static final class ExitRequested extends Error {
        private static final long serialVersionUID = 1L;
        private final int status;

        ExitRequested(String what, int status) {
            super(what + " was called in a cell and did not end the JVM: the kernel keeps running (restart it to start "
                    + "afresh); a headless run (./pnn4j run) fails at this cell");
            this.status = status;
        }

        /** @return the exit status the cell asked for */
        public int status() {
            return status;
        }
    }
}
