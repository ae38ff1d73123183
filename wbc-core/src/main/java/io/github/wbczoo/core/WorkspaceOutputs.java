package io.github.wbczoo.core;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.function.Function;
import org.deeplearning4j.nn.api.FwdPassType;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network's inference pass up to a chosen layer whose activations stay in a workspace reused from
 * batch to batch, for the one-pass validation that applies the output layer itself. DL4J's public
 * method for that, {@code activateSelectedLayers}, runs every layer without workspaces, so each
 * batch's activations are fresh memory. The workspace-aware method DL4J's own
 * {@code output(x, train, MemoryWorkspace)} calls is protected, so it is called reflectively; where
 * that is refused, the public method is used and the answers are the same. (A graph's equivalent
 * cannot be used: with an output workspace, DL4J fails on a requested vertex that feeds others,
 * as a class head's input always does.)
 *
 * <p>Usage: internal; {@code WorkspaceOutputs.ofNetwork(net, n - 2, x, acts -> acts.detach())}
 */
final class WorkspaceOutputs {
    private static final String ID = "WBC_VALIDATION_OUTPUTS";
    // As DL4J's own output workspace (WS_ALL_LAYERS_ACT_CONFIG): sized by the first batch, then reused.
    private static final WorkspaceConfiguration CONFIG = WorkspaceConfiguration.builder()
            .initialSize(0).overallocationLimit(0.05)
            .policyLearning(LearningPolicy.FIRST_LOOP).policyReset(ResetPolicy.BLOCK_LEFT)
            .policySpill(SpillPolicy.REALLOCATE).policyAllocation(AllocationPolicy.OVERALLOCATE).build();
    private static final Method NETWORK = find(MultiLayerNetwork.class, "outputOfLayerDetached", boolean.class,
            FwdPassType.class, int.class, INDArray.class, INDArray.class, INDArray.class, MemoryWorkspace.class);

    private WorkspaceOutputs() {
    }

    /**
     * {@code use} applied to the activations of layers 0 to {@code last} for {@code features}, in
     * inference mode. The array is only valid inside {@code use}: detach what it returns.
     */
    static <T> T ofNetwork(MultiLayerNetwork net, int last, INDArray features, Function<INDArray, T> use) {
        // DL4J refuses an output workspace when the network's inference runs without workspaces.
        if (NETWORK == null || net.getLayerWiseConfigurations().getInferenceWorkspaceMode() == WorkspaceMode.NONE) {
            return use.apply(net.activateSelectedLayers(0, last, features));
        }
        try (MemoryWorkspace ws = open()) {
            return use.apply((INDArray) invoke(NETWORK, net, false, FwdPassType.STANDARD, last, features, null, null,
                    ws));
        }
    }

    /** Whether the reused workspace is in use (false where DL4J's protected methods could not be reached). */
    static boolean reusesMemory() {
        return NETWORK != null;
    }

    private static MemoryWorkspace open() {
        return Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIG, ID);
    }

    private static Method find(Class<?> owner, String name, Class<?>... parameters) {
        try {
            Method m = owner.getDeclaredMethod(name, parameters);
            m.setAccessible(true);
            return m;
        } catch (NoSuchMethodException | RuntimeException e) { // another DL4J version, or a module that refuses access
            return null;
        }
    }

    private static Object invoke(Method m, Object target, Object... args) {
        try {
            return m.invoke(target, args);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("DL4J refused " + m.getName() + " after granting access", e);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
