package org.pnn4j.cli;

import java.io.PrintStream;

/**
 * The main job, {@code pnn4j demo}: trains a network and prints its accuracy.
 * Placeholder until the real demo lands.
 */
public final class Demo {
    private Demo() {}

    /**
     * Runs the demo.
     *
     * @param args the arguments after {@code demo}
     * @param out where the demo reports its progress and results
     * @return the process exit code: 0 on success
     */
    public static int run(String[] args, PrintStream out) {
        out.println("demo: not available yet");
        return 1;
    }
}
