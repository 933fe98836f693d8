package org.pnn4j.train;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Supplies a listener that every {@link Trainer#fit} run gets without asking, found through {@link ServiceLoader}
 * ({@code META-INF/services/org.pnn4j.train.TrainingListenerProvider}). The notebook kernel provides one that shows
 * a live progress display while a cell trains; outside a notebook cell it provides none.
 */
public interface TrainingListenerProvider {
    /**
     * @return a listener for the run that is starting, or {@code null} for none
     */
    TrainingListener listenerForRun();

    /** The providers on the classpath, loaded once. */
    final class Installed {
        private static final List<TrainingListenerProvider> ALL;

        static {
            List<TrainingListenerProvider> all = new ArrayList<>();
            ServiceLoader.load(TrainingListenerProvider.class, TrainingListenerProvider.class.getClassLoader()).forEach(all::add);
            ALL = List.copyOf(all);
        }

        private Installed() {}

        /** @return the listeners the installed providers give for a run starting now */
        static List<TrainingListener> listeners() {
            List<TrainingListener> out = new ArrayList<>();
            for (TrainingListenerProvider p : ALL) {
                TrainingListener l = p.listenerForRun();
                if (l != null) out.add(l);
            }
            return out;
        }
    }
}
