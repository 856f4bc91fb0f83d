package io.jdefer.rewrite;

import io.jdefer.plan.FramePlan;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodNode;

/**
 * Plans how a frame method keeps its registrations ({@link FramePlan}), from the class file alone:
 * which static sites are open-coded beside the frame ({@link StrategyGate#split}), whether the
 * frame sites' entries have one layout ({@link EntryLayout}, D34), and whether those sites register
 * in one cycle ({@link SiteCycle}, D35). The method's control-flow graph is built once for all
 * three, and not at all where none needs it. {@link FrameLowering} lowers what this decides.
 */
final class FramePlanner {
    private FramePlanner() {}

    /** The plan of a frame method whose sites, in site-id order, are {@code sites}. */
    static FramePlan plan(MethodNode method, List<ActionSite> sites) {
        ControlFlow[] built = new ControlFlow[1];
        Supplier<ControlFlow> flow = () -> built[0] != null ? built[0] : (built[0] = ControlFlow.of(method));
        StrategyGate.Split split = StrategyGate.split(method, sites, flow);
        List<ActionSite> onFrame = split == null ? sites : split.dynamic();
        EntryLayout layout = EntryLayout.of(onFrame, site -> ReceiverCaptures.of(method, site), null);
        int[] phases = layout == null ? null : SiteCycle.phases(method, onFrame, flow);
        Map<ActionSite, Integer> ids = new IdentityHashMap<>();
        for (int i = 0; i < sites.size(); i++) {
            ids.put(sites.get(i), i);
        }
        List<String> slots = new ArrayList<>();
        if (layout != null) {
            for (Type slot : layout.slots()) {
                slots.add(slot.getDescriptor());
            }
        }
        List<Integer> phaseList = new ArrayList<>();
        if (phases != null) {
            for (int phase : phases) {
                phaseList.add(phase);
            }
        }
        return new FramePlan(split == null ? List.of() : idsOf(split.before(), ids), idsOf(onFrame, ids),
                split == null ? List.of() : idsOf(split.after(), ids), layout != null, slots, phaseList);
    }

    private static List<Integer> idsOf(List<ActionSite> sites, Map<ActionSite, Integer> ids) {
        List<Integer> out = new ArrayList<>(sites.size());
        for (ActionSite site : sites) {
            out.add(ids.get(site));
        }
        return out;
    }
}
