import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;

/**
 * Prints, as one JSON object, the JVM facts Elasticsearch's JvmInfo reads from the same MXBeans:
 * java.version, vm name/vendor, heap init/max, GC bean names, memory pool names, UseCompressedOops.
 * Used by build_bundle_shop.py so the sample's jvm.* fields come from real JVMs.
 */
public final class JvmFacts {
    public static void main(String[] args) {
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        var hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        StringBuilder out = new StringBuilder("{");
        out.append("\"version\":\"").append(System.getProperty("java.version")).append("\",");
        out.append("\"vm_name\":\"").append(System.getProperty("java.vm.name")).append("\",");
        out.append("\"vm_version\":\"").append(System.getProperty("java.vm.version")).append("\",");
        out.append("\"vm_vendor\":\"").append(System.getProperty("java.vm.vendor")).append("\",");
        out.append("\"heap_init_in_bytes\":").append(heap.getInit()).append(",");
        out.append("\"heap_max_in_bytes\":").append(heap.getMax()).append(",");
        out.append("\"using_compressed_ordinary_object_pointers\":\"")
            .append(hotspot.getVMOption("UseCompressedOops").getValue()).append("\",");
        out.append("\"gc_collectors\":[");
        String sep = "";
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            out.append(sep).append('"').append(gc.getName()).append('"');
            sep = ",";
        }
        out.append("],\"memory_pools\":[");
        sep = "";
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            out.append(sep).append('"').append(pool.getName()).append('"');
            sep = ",";
        }
        out.append("]}");
        System.out.println(out);
    }
}
