package org.pnn4j.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A Java agent, attached by the kernel to its own JVM, that makes {@code java.lang.Runtime.exit} and {@code halt} call
 * {@link org.pnn4j.kernel.boot.ExitHook} first. Every way of ending the JVM from Java code goes through one of the two
 * ({@code System.exit} calls {@code Runtime.exit}; so do reflection, method handles and any library), so the kernel
 * can refuse an exit asked for by a cell's code wherever the call is ({@link ExitGuard}).
 *
 * <p>How: {@link #install()} writes the agent's manifest into a temporary jar and loads it into this JVM through the
 * attach API; {@link #agentmain} defines the hook's code as {@code java.lang.Pnn4jExitHook} (a class of {@code Runtime}'s
 * own package, the only place a bootstrap class of {@code java.base} can call without more module edges; appending a
 * jar to the bootstrap class path instead makes the JVM print a class-sharing warning) and retransforms {@code Runtime}
 * with {@link EntryCallPatcher}. Measured on JDK 17 and 25: well under a second, once per
 * JVM. It needs the JVM flags {@code -Djdk.attach.allowAttachSelf=true} (attach to itself) and, on JDK 21+,
 * {@code -XX:+EnableDynamicAgentLoading} (no warning): the launcher, the kernelspec and the tests pass both (the parent
 * pom's {@code pnn4j.jvm.flags}). Without them, {@link #install()} says why and cells' own {@code System.exit} calls
 * are still rewritten ({@link ExitCallRewriter}).
 */
public final class ExitAgent {
    /** The hook's name once defined in {@code java.base} (a class of that package is what {@code Runtime} can see). */
    static final String HOOK = "java.lang.Pnn4jExitHook";
    /** Where its code comes from: compiled in the kernel, renamed when defined. */
    private static final String SOURCE = "org.pnn4j.kernel.boot.ExitHook";

    private ExitAgent() {}

    /**
     * Attaches the agent to this JVM, once.
     *
     * @return null when {@code Runtime.exit} and {@code halt} now call {@code ExitHook}, else why not (in words)
     */
    static synchronized String install() {
        Class<?> hook = bootHook();
        if (hook != null && patched(hook)) return null;
        Path jar;
        try {
            jar = agentJar();
        } catch (IOException e) {
            return "cannot write the exit agent's jar: " + e.getMessage();
        }
        try {
            com.sun.tools.attach.VirtualMachine vm = com.sun.tools.attach.VirtualMachine.attach(Long.toString(ProcessHandle.current().pid()));
            try {
                vm.loadAgent(jar.toString());
            } finally {
                vm.detach();
            }
        } catch (Exception | LinkageError e) {
            return "cannot attach the exit agent to this JVM (" + e + "); start the JVM with -Djdk.attach.allowAttachSelf=true"
                    + " -XX:+EnableDynamicAgentLoading (./pnn4j and the kernelspec do)";
        }
        hook = bootHook();
        if (hook == null) return "the exit agent could not define " + HOOK + ": " + failure;
        if (!patched(hook)) return "the exit agent could not patch java.lang.Runtime on Java " + Runtime.version() + ": " + failure;
        return null;
    }

    private static volatile String failure = "no reason recorded";

    private static Class<?> bootHook() {
        try {
            return Class.forName(HOOK, true, null);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    private static boolean patched(Class<?> hook) {
        try {
            return hook.getField("patched").getBoolean(null);
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /** The agent's jar: its manifest only. */
    private static Path agentJar() throws IOException {
        Path jar = Files.createTempFile("pnn4j-exit-agent", ".jar");
        // on the system class path from now on: removed when the JVM ends
        jar.toFile().deleteOnExit();
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Agent-Class", ExitAgent.class.getName());
        m.getMainAttributes().putValue("Can-Retransform-Classes", "true");
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os, m)) {
            // the manifest only: the agent's classes are the kernel's own, on the class path already
        }
        return jar;
    }

    /**
     * The agent's entry point (the attach API calls it): defines the hook in {@code java.lang} and patches
     * {@code Runtime}.
     *
     * @param args unused
     * @param inst the JVM's instrumentation
     */
    public static void agentmain(String args, Instrumentation inst) {
        try {
            Module base = Object.class.getModule();
            inst.redefineModule(base, Set.of(), Map.of(), Map.of("java.lang", Set.of(ExitAgent.class.getModule())), Set.of(), Map.of());
            Class<?> hook = bootHook();
            if (hook == null) {
                byte[] source;
                try (InputStream in = ExitAgent.class.getClassLoader().getResourceAsStream(SOURCE.replace('.', '/') + ".class")) {
                    if (in == null) throw new IOException(SOURCE + " is not on the class path");
                    source = in.readAllBytes();
                }
                byte[] renamed = EntryCallPatcher.renameClass(source, SOURCE.replace('.', '/'), HOOK.replace('.', '/'));
                hook = MethodHandles.privateLookupIn(Runtime.class, MethodHandles.lookup()).defineClass(renamed);
            }
            String internal = HOOK.replace('.', '/');
            boolean[] done = new boolean[1];
            ClassFileTransformer t = new ClassFileTransformer() {
                @Override
                public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                                        ProtectionDomain domain, byte[] classfile) {
                    if (!"java/lang/Runtime".equals(className)) return null;
                    byte[] out = EntryCallPatcher.patch(classfile, internal, Map.of("exit", "exit", "halt", "halt"));
                    done[0] = out != null;
                    return out;
                }
            };
            inst.addTransformer(t, true);
            try {
                inst.retransformClasses(Runtime.class);
            } finally {
                inst.removeTransformer(t);
            }
            if (!done[0]) {
                failure = "its exit or halt method has a form the patcher does not know";
                return;
            }
            hook.getField("patched").setBoolean(null, true);
        } catch (Throwable e) {
            failure = e.toString();
        }
    }
}
