package org.pnn4j.physics;

import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.pnn4j.data.TestData;
import org.pnn4j.noise.NoiseModel;
import org.pnn4j.physics.cavities.Cavity;
import org.pnn4j.physics.cavities.RecordedAcoustic;
import org.pnn4j.physics.electronics.DiodeCircuit;
import org.pnn4j.physics.electronics.ResistorNetwork;
import org.pnn4j.physics.electronics.TransistorCircuit;
import org.pnn4j.physics.mechanics.Plate;
import org.pnn4j.physics.optics.FourierOptics;
import org.pnn4j.physics.optics.MziMesh;
import org.pnn4j.physics.optics.Shg;
import org.pnn4j.physics.oscillators.CoupledOscillators;
import org.pnn4j.physics.oscillators.PendulaRing;

/** Every built-in substrate, a custom one and a noisy wrapper through {@link SubstrateConformance}, small instances. */
class BuiltInSubstratesConformanceTest {
    @Nested
    class Oscillators extends SubstrateConformance {
        @Override
        protected Substrate substrate() {
            return CoupledOscillators.of(3);
        }

        @Override
        protected String spec() {
            return "oscillators:3";
        }
    }

    @Nested
    class OscillatorsWithSelfCoupling extends SubstrateConformance {
        @Override
        protected Substrate substrate() {
            return CoupledOscillators.of(4).selfCoupling(true).uniformInit(0.5).inputNoiseObserved(true);
        }
    }

    @Nested
    class Pendula extends SubstrateConformance {
        @Override
        protected Substrate substrate() {
            return PendulaRing.of(3);
        }

        @Override
        protected String spec() {
            return "pendula:3";
        }
    }

    @Nested
    class SecondHarmonicGeneration extends SubstrateConformance {
        @Override
        protected Substrate substrate() {
            return Shg.of(8, 4, 3);
        }

        @Override
        protected String spec() {
            return "shg:8,4,3";
        }
    }

    @Nested
    class FourierOptical extends SubstrateConformance {
        @Override
        protected Substrate substrate() {
            return FourierOptics.of(4);
        }

        @Override
        protected String spec() {
            return "fourier:4";
        }
    }

    @Nested
    class MziMeshIntensities extends SubstrateConformance {
        @Override
        protected Substrate substrate() {
            return MziMesh.of(4);
        }

        @Override
        protected String spec() {
            return "mzi:4";
        }
    }

    @Nested
    class MziMeshCoherent extends SubstrateConformance {
        @Override
        protected Substrate substrate() {
            return MziMesh.of(3).coherentDetection();
        }
    }

    @Nested
    class MechanicalPlate extends SubstrateConformance {
        @Override
        protected Substrate substrate() {
            return Plate.of(3);
        }

        @Override
        protected String spec() {
            return "plate:3";
        }
    }

    @Nested
    class Diode extends SubstrateConformance {
        @Override
        protected Substrate substrate() {
            return DiodeCircuit.of();
        }

        @Override
        protected String spec() {
            return "diode";
        }
    }

    @Nested
    class Transistor extends SubstrateConformance {
        @Override
        protected Substrate substrate() {
            return TransistorCircuit.of();
        }

        @Override
        protected String spec() {
            return "transistor";
        }

        /** A 0.01 V difference step straddles saturation knees (measured: 1.5% truncation error); 2 mV does not. */
        @Override
        protected double[] gradientStepAndTolerance() {
            return new double[] {2e-3, 1e-2};
        }
    }

    @Nested
    class Resistors extends SubstrateConformance {
        @Override
        protected Substrate substrate() {
            return ResistorNetwork.of(2, 2, 2);
        }

        @Override
        protected String spec() {
            return "resistors:2,2,2";
        }
    }

    @Nested
    class AcousticCavity extends SubstrateConformance {
        @Override
        protected Substrate substrate() {
            return Cavity.acoustic(3, 2, 3);
        }

        @Override
        protected String spec() {
            return "acoustic:3,2,3";
        }
    }

    @Nested
    class MicrowaveCavity extends SubstrateConformance {
        @Override
        protected Substrate substrate() {
            return Cavity.microwave(3, 2, 3);
        }

        @Override
        protected String spec() {
            return "microwave:3,2,3";
        }
    }

    @Nested
    class RecordedAcousticTwin extends SubstrateConformance {
        private RecordedAcoustic fitted;

        @Override
        protected Substrate substrate() {
            if (fitted == null) {
                Path folder = TestData.sharedDatasets().resolve("phyll-acoustic");
                TestData.requireOrSkip(folder.resolve("x_data.csv"));
                fitted = RecordedAcoustic.fit(folder);
            }
            return fitted;
        }
    }

    @Nested
    class AcousticSurrogateOfTheReference extends SubstrateConformance {
        private Substrate fitted;

        @Override
        protected Substrate substrate() {
            if (fitted == null) {
                Path folder = TestData.sharedDatasets().resolve("phyll-acoustic");
                TestData.requireOrSkip(folder.resolve("x_data.csv"));
                fitted = org.pnn4j.physics.cavities.AcousticSurrogate.fit(folder, 2, 1).substrate();
            }
            return fitted;
        }
    }

    @Nested
    class Custom extends SubstrateConformance {
        @Override
        protected Substrate substrate() {
            return CustomSubstrate.of("saturable-gain", (x, t) -> x.mul(t.get("g")).tanh())
                    .io(3, 3).inputRange(-1, 1)
                    .param(ParameterSpec.uniform("g", 0.1, 5, "", 3))
                    .realization((x, t) -> x.mul(t.get("g").mul(1.05)).tanh())
                    .outputNoise(NoiseModel.additiveGaussian(0.02));
        }
    }

    @Nested
    class WithAddedNoise extends SubstrateConformance {
        @Override
        protected Substrate substrate() {
            return PendulaRing.of(3).withNoise(NoiseModel.additiveGaussian(0.01), NoiseModel.additiveGaussian(0.01));
        }
    }
}
