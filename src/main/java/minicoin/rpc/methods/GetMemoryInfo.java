package minicoin.rpc.methods;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code getmemoryinfo} → Bitcoin Core's {@code locked} object (this node locks no memory, so its
 * figures are zero) and the heap of the JVM that answers: {@code heapUsed} and {@code heapMax} now,
 * and {@code heapAfterGc}, what the last collection of each heap pool left, which is the figure a
 * leak or a flood shows in (the live data, without the garbage not yet collected).
 */
public final class GetMemoryInfo implements RpcMethod {

    private final ParamSpec params = ParamSpec.none();

    @Override
    public String name() {
        return "getmemoryinfo";
    }

    @Override
    public String description() {
        return "Returns Core's locked-memory figures (zeros) and the JVM's heap.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long afterGc = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage collected = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            if (collected != null) {
                afterGc += collected.getUsed();
            }
        }
        JsonObject locked = new JsonObject().put("used", 0).put("free", 0).put("total", 0).put("locked", 0)
                .put("chunks_used", 0).put("chunks_free", 0);
        return Future.succeededFuture(new JsonObject()
                .put("locked", locked)
                .put("heapUsed", heap.getUsed())
                .put("heapAfterGc", afterGc)
                .put("heapMax", heap.getMax()));
    }
}
