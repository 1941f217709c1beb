using System.Runtime.InteropServices;
using ResNeXt.Inference.Engine;
using ResNeXt.Inference.Tests.Training;

namespace ResNeXt.Inference.Tests.Engine;

/// <summary>Resident memory is process-wide, so this runs alone.</summary>
[Collection(TorchGlobalStateCollection.Name)]
public sealed class GlibcAllocatorTests
{
    private const int Blocks = 2048;
    private const int BlockBytes = 64 * 1024;
    private const long KibiByte = 1024;

    /// <summary>
    /// What a model load leaves behind: memory freed on a thread of its own, between blocks still in use, which glibc
    /// keeps resident in that thread's arena (every hot reload of resnext50 kept ~150 MB that way).
    /// </summary>
    [Fact]
    public void FreedMemoryOfAnotherThreadsArenaIsGivenBack()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "glibc's malloc is Linux's");
        var blocks = new IntPtr[Blocks];
        var ones = Enumerable.Repeat((byte)1, BlockBytes).ToArray();
        var loader = new Thread(() =>
        {
            for (var i = 0; i < Blocks; i++)
            {
                blocks[i] = Marshal.AllocHGlobal(BlockBytes);
                Marshal.Copy(ones, 0, blocks[i], BlockBytes); // resident, not just reserved
            }
            // Every other block freed: free memory between live blocks, which glibc's own trimming at the heap top misses.
            for (var i = 0; i < Blocks; i += 2)
                Marshal.FreeHGlobal(blocks[i]);
        });
        loader.Start();
        loader.Join();
        try
        {
            var before = ResidentBytes();
            GlibcAllocator.ReleaseFreeMemory();
            var released = before - ResidentBytes();

            // Half the blocks were freed: 64 MiB; at least half of that must leave the resident set.
            Assert.True(released >= (long)Blocks / 2 * BlockBytes / 2, $"released {released / KibiByte / KibiByte} MiB");
        }
        finally
        {
            for (var i = 1; i < Blocks; i += 2)
                Marshal.FreeHGlobal(blocks[i]);
        }
    }

    private static long ResidentBytes()
    {
        var line = File.ReadLines("/proc/self/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * KibiByte;
    }
}
