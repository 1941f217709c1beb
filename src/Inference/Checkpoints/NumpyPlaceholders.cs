using Razorvine.Pickle;

namespace ResNeXt.Inference.Checkpoints;

/// <summary>
/// mmcls 0.x wrote numpy scalars (epoch, iter, seed) into checkpoint <c>meta</c>. Razorvine.Pickle only knows
/// builtins, and its fallback ClassDict refuses constructor arguments, so without these placeholders one
/// <c>numpy.int64</c> in the metadata would make the whole checkpoint unreadable. The values are never used.
/// </summary>
internal static class NumpyPlaceholders
{
    private static readonly Lock Gate = new();
    private static bool registered;

    // numpy 1.x pickles under numpy.core, numpy 2.x under numpy._core.
    private static readonly string[] MultiarrayModules = ["numpy.core.multiarray", "numpy._core.multiarray"];

    /// <summary>Razorvine's constructor table is process-wide, so registering once is enough.</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (registered) return;
            var placeholder = new PlaceholderConstructor();
            Unpickler.registerConstructor("numpy", "dtype", placeholder);
            foreach (var module in MultiarrayModules)
            {
                Unpickler.registerConstructor(module, "scalar", placeholder);
                Unpickler.registerConstructor(module, "_reconstruct", placeholder);
            }
            registered = true;
        }
    }

    /// <summary>Accepts any constructor arguments and any BUILD state (Razorvine calls <c>__setstate__</c>).</summary>
    public sealed class Placeholder
    {
#pragma warning disable IDE1006, CA1822 // Razorvine looks this method up by its Python name.
        public void __setstate__(object[] state) { }

        public void __setstate__(System.Collections.Hashtable state) { }
#pragma warning restore IDE1006, CA1822
    }

    private sealed class PlaceholderConstructor : IObjectConstructor
    {
        public object construct(object[] args) => new Placeholder();
    }
}
