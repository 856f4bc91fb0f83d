package io.jdefer.rewrite;

import io.jdefer.plan.SiteKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Who takes part in the {@code recover()} hand-off (SPEC S5, D3), decided from this class file
 * alone, so that a class's rewritten bytes never depend on which other classes are compiled with
 * it (SPEC C5):
 * <ul>
 *   <li>a lambda body that calls {@code recover()} and that only {@code defer} calls create gets
 *       the pending throwable as a parameter ({@link RecoveringAction}); one that other code creates
 *       too (javac merges identical lambda bodies under {@code -g:none}; a serializable lambda is
 *       also named by {@code $deserializeLambda$}) keeps its signature and claims an offer instead;
 *   <li>every other action whose method could claim an offer is offered the pending throwable on
 *       the error path (never a {@code deferOnSuccess} action, which runs only when nothing is pending): a method reference, an {@code Action} object's {@code run()}, a
 *       {@code @Defer} local's method. Only calls that cannot land in a claiming method are left
 *       out: calls named through a JDK type ({@code defer(mu::unlock)}, a {@code @Defer
 *       InputStream}), which keep the exact shape of a hand-written {@code finally} (D3), and
 *       method references that always run a method of this class that does not claim (D26);
 *   <li>the methods that claim: in {@code @Deferred} scope, calling {@code recover()} directly, no
 *       parameters ({@link ClaimingMethod}).
 * </ul>
 */
final class RecoverRoles {
    private final List<MethodNode> passingPending;
    private final List<MethodNode> claiming;

    private RecoverRoles(List<MethodNode> passingPending, List<MethodNode> claiming) {
        this.passingPending = passingPending;
        this.claiming = claiming;
    }

    List<MethodNode> passingPending() {
        return passingPending;
    }

    List<MethodNode> claiming() {
        return claiming;
    }

    static RecoverRoles decide(ClassNode owner, LambdaBodies lambdas, Collection<StrategyGate.Decision> decisions,
                               List<MethodNode> claimingMethods) {
        Set<InvokeDynamicInsnNode> consumed = new LinkedHashSet<>();
        Map<MethodNode, List<ActionShape.Direct>> recoveringBodies = new IdentityHashMap<>();
        List<MethodNode> bodyOrder = new ArrayList<>();
        for (StrategyGate.Decision decision : decisions) {
            for (ActionSite site : decision.orderedSites()) {
                if (site.factory != null) {
                    consumed.add(site.factory);
                }
                ActionShape shape = site.shape;
                // A deferOnSuccess action runs only when nothing is pending: there is never anything to offer it.
                boolean offerable = site.kind != SiteKind.ON_SUCCESS;
                if (shape instanceof ActionShape.Direct) {
                    ActionShape.Direct direct = (ActionShape.Direct) shape;
                    MethodNode body = lambdas.body(direct.impl);
                    if (body != null) {
                        if (SiteLocator.callsRecover(body)) {
                            if (!recoveringBodies.containsKey(body)) {
                                bodyOrder.add(body);
                            }
                            recoveringBodies.computeIfAbsent(body, b -> new ArrayList<>()).add(direct);
                        }
                    } else if (offerable && direct.impl.getTag() != Opcodes.H_NEWINVOKESPECIAL && !ownedByTheJdk(direct.impl)) {
                        MethodNode here = boundHere(owner, direct.impl);
                        if (here == null || claimingMethods.contains(here)) {
                            direct.recoverToken = direct.impl.getName();
                        }
                    }
                } else if (shape instanceof ActionShape.ActionObject) {
                    shape.recoverToken = offerable ? "run" : null;
                } else if (shape instanceof ActionShape.LocalMethod) {
                    ActionShape.LocalMethod local = (ActionShape.LocalMethod) shape;
                    if (offerable && local.userMethod) {
                        shape.recoverToken = local.method.name();
                    }
                }
            }
        }
        List<MethodNode> passing = new ArrayList<>();
        List<MethodNode> claiming = new ArrayList<>(claimingMethods);
        for (MethodNode body : bodyOrder) {
            boolean onlyDeferred = consumed.containsAll(lambdas.factories(body));
            for (ActionShape.Direct direct : recoveringBodies.get(body)) {
                if (onlyDeferred) {
                    direct.passesPending = true;
                } else {
                    direct.recoverToken = direct.impl.getName();
                }
            }
            (onlyDeferred ? passing : claiming).add(body);
        }
        return new RecoverRoles(passing, claiming);
    }

    /**
     * The method of this class that a call through {@code impl} always runs, or null when another
     * class's method may run instead: a static, private or final method this class declares, or any
     * method of a final class. The class file then says exactly whether that method claims.
     */
    private static MethodNode boundHere(ClassNode owner, Handle impl) {
        if (!impl.getOwner().equals(owner.name)) {
            return null;
        }
        for (MethodNode method : owner.methods) {
            if (method.name.equals(impl.getName()) && method.desc.equals(impl.getDesc())) {
                boolean bound = (method.access & (Opcodes.ACC_STATIC | Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL)) != 0
                        || (owner.access & Opcodes.ACC_FINAL) != 0;
                return bound ? method : null;
            }
        }
        return null;
    }

    /** A call named through a JDK type ({@code mu::unlock}, {@code Closeable.close}): never offered (D3). */
    private static boolean ownedByTheJdk(Handle impl) {
        return JdkClasses.contains(impl.getOwner());
    }
}
