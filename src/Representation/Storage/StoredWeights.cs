using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace GmcRL.Representation.Storage;

/// <summary>
/// A model's named parameter tensors as plain arrays: captured from a module, stored as <see cref="WeightDto"/>s, and
/// copied back into a module of the same architecture. Shared by every checkpoint format.
/// </summary>
internal sealed class StoredWeights
{
    private readonly IReadOnlyList<(string Name, long[] Shape, float[] Values)> _weights;

    private StoredWeights(IReadOnlyList<(string, long[], float[])> weights) => _weights = weights;

    /// <summary>Number of stored parameter tensors.</summary>
    public int Count => _weights.Count;

    /// <summary>Number of scalar parameters, or of those whose name passes <paramref name="include"/>.</summary>
    public long ParameterCount(Func<string, bool>? include = null) =>
        _weights.Where(w => include?.Invoke(w.Name) ?? true).Sum(w => (long)w.Values.Length);

    /// <summary>The current weights of <paramref name="module"/>.</summary>
    public static StoredWeights Capture(nn.Module module)
    {
        var weights = new List<(string, long[], float[])>();
        using var scope = NewDisposeScope();
        foreach (var (name, p) in module.named_parameters())
        {
            var values = p.detach().cpu().contiguous();
            weights.Add((name, p.shape, values.data<float>().ToArray()));
        }
        return new StoredWeights(weights);
    }

    /// <summary>Copies the weights into <paramref name="module"/>; a module of another architecture is an
    /// <see cref="InvalidDataException"/> that names the parameters that do not fit.</summary>
    public void LoadInto(nn.Module module)
    {
        var parameters = module.named_parameters().ToList();
        var stored = _weights.Select(w => w.Name).ToHashSet();
        var missing = parameters.Select(p => p.name).Where(n => !stored.Contains(n)).ToList();
        var extra = _weights.Select(w => w.Name).Except(parameters.Select(p => p.name)).ToList();
        if (missing.Count > 0 || extra.Count > 0)
            throw new InvalidDataException($"Checkpoint architecture mismatch: missing parameters [{string.Join(", ", missing)}], unexpected [{string.Join(", ", extra)}].");
        var byName = _weights.ToDictionary(w => w.Name);
        using var noGrad = no_grad();
        foreach (var (name, p) in parameters)
        {
            var w = byName[name];
            if (!w.Shape.SequenceEqual(p.shape))
                throw new InvalidDataException($"Checkpoint architecture mismatch: parameter '{name}' has shape [{string.Join(", ", w.Shape)}] in the file but [{string.Join(", ", p.shape)}] in the model.");
            using var source = tensor(w.Values, w.Shape);
            p.copy_(source);
        }
    }

    /// <summary>The weights as stored in a file.</summary>
    public WeightDto[] ToDto() => _weights.Select(w => new WeightDto
    {
        Name = w.Name, Shape = w.Shape, Values = MemoryMarshal.AsBytes(w.Values.AsSpan()).ToArray(),
    }).ToArray();

    /// <summary>The weights of a file; sizes that do not fit their shapes are an <see cref="InvalidDataException"/>.</summary>
    public static StoredWeights FromDto(IEnumerable<WeightDto> weights) => new(weights.Select(w =>
    {
        long count = w.Shape.Aggregate(1L, (a, b) => b < 0 ? throw new InvalidDataException($"parameter '{w.Name}' has a negative dimension") : a * b);
        if (w.Values.LongLength != count * sizeof(float))
            throw new InvalidDataException($"parameter '{w.Name}' holds {w.Values.LongLength} bytes, expected {count * sizeof(float)}");
        return (w.Name, w.Shape, MemoryMarshal.Cast<byte, float>(w.Values).ToArray());
    }).ToList());

    /// <summary>True when both hold the same names, shapes and bit-identical values in the same order.</summary>
    public bool BitEqual(StoredWeights other) =>
        _weights.Count == other._weights.Count &&
        _weights.Zip(other._weights).All(p => p.First.Name == p.Second.Name && p.First.Shape.SequenceEqual(p.Second.Shape) &&
            MemoryMarshal.AsBytes(p.First.Values.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(p.Second.Values.AsSpan())));
}
