using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace GmcRL.Representation.Formats;

/// <summary>
/// A model's named parameter and buffer tensors as plain arrays: captured from a module, stored as
/// <see cref="WeightDto"/>s, and copied back into a module of the same architecture. Shared by every checkpoint format.
/// Buffers (fixed constants such as an input standardisation) travel with the weights but do not count as parameters.
/// </summary>
internal sealed class StoredWeights
{
    private readonly IReadOnlyList<(string Name, long[] Shape, float[] Values, bool Buffer)> _weights;

    private StoredWeights(IReadOnlyList<(string, long[], float[], bool)> weights) => _weights = weights;

    /// <summary>Number of stored tensors (parameters and buffers).</summary>
    public int Count => _weights.Count;

    /// <summary>Number of stored values, of parameters and buffers.</summary>
    public long ValueCount => _weights.Sum(w => (long)w.Values.Length);

    /// <summary>Number of scalar parameters (buffers excluded), or of those whose name passes <paramref name="include"/>.</summary>
    public long ParameterCount(Func<string, bool>? include = null) =>
        _weights.Where(w => !w.Buffer && (include?.Invoke(w.Name) ?? true)).Sum(w => (long)w.Values.Length);

    /// <summary>The current weights of <paramref name="module"/>.</summary>
    public static StoredWeights Capture(nn.Module module)
    {
        var weights = new List<(string, long[], float[], bool)>();
        using var scope = NewDisposeScope();
        foreach (var (name, t, buffer) in Tensors(module))
        {
            var values = t.detach().cpu().contiguous();
            weights.Add((name, t.shape, values.data<float>().ToArray(), buffer));
        }
        return new StoredWeights(weights);
    }

    /// <summary>Copies the weights into <paramref name="module"/>; a module of another architecture is an
    /// <see cref="InvalidDataException"/> that names the parameters that do not fit.</summary>
    public void LoadInto(nn.Module module)
    {
        var parameters = Tensors(module).ToList();
        var stored = _weights.Select(w => (w.Name, w.Buffer)).ToHashSet();
        var missing = parameters.Where(p => !stored.Contains((p.Name, p.Buffer))).Select(p => p.Name).ToList();
        var extra = _weights.Select(w => (w.Name, w.Buffer)).Except(parameters.Select(p => (p.Name, p.Buffer))).Select(w => w.Name).ToList();
        if (missing.Count > 0 || extra.Count > 0)
            throw new InvalidDataException($"Checkpoint architecture mismatch: missing parameters [{string.Join(", ", missing)}], unexpected [{string.Join(", ", extra)}].");
        var byName = _weights.ToDictionary(w => w.Name);
        using var noGrad = no_grad();
        foreach (var (name, p, _) in parameters)
        {
            var w = byName[name];
            if (!w.Shape.SequenceEqual(p.shape))
                throw new InvalidDataException($"Checkpoint architecture mismatch: parameter '{name}' has shape [{string.Join(", ", w.Shape)}] in the file but [{string.Join(", ", p.shape)}] in the model.");
            using var source = tensor(w.Values, w.Shape);
            p.copy_(source);
        }
    }

    /// <summary>A new model from <paramref name="create"/> with these weights copied in; the model is disposed when they
    /// do not fit it (<see cref="LoadInto"/>'s <see cref="InvalidDataException"/>).</summary>
    public TModel CreateLoaded<TModel>(Func<TModel> create) where TModel : nn.Module
    {
        var model = create();
        try
        {
            LoadInto(model);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>The weights as stored in a file.</summary>
    public WeightDto[] ToDto() => _weights.Select(w => new WeightDto
    {
        Name = w.Name, Shape = w.Shape, Values = MemoryMarshal.AsBytes(w.Values.AsSpan()).ToArray(), Buffer = w.Buffer,
    }).ToArray();

    /// <summary>The weights of a file; sizes that do not fit their shapes are an <see cref="InvalidDataException"/>.</summary>
    public static StoredWeights FromDto(IEnumerable<WeightDto> weights) => new(weights.Select((w, i) =>
    {
        if (w is null) throw new InvalidDataException($"stored weight {i} is empty");
        long count = w.Shape.Aggregate(1L, (a, b) => b < 0 ? throw new InvalidDataException($"parameter '{w.Name}' has a negative dimension") : a * b);
        if (w.Values.LongLength != count * sizeof(float))
            throw new InvalidDataException($"parameter '{w.Name}' holds {w.Values.LongLength} bytes, expected {count * sizeof(float)}");
        return (w.Name, w.Shape, MemoryMarshal.Cast<byte, float>(w.Values).ToArray(), w.Buffer);
    }).ToList());

    /// <summary>True when both hold the same names, shapes and bit-identical values in the same order.</summary>
    public bool BitEqual(StoredWeights other) =>
        _weights.Count == other._weights.Count &&
        _weights.Zip(other._weights).All(p => p.First.Name == p.Second.Name && p.First.Buffer == p.Second.Buffer && p.First.Shape.SequenceEqual(p.Second.Shape) &&
            MemoryMarshal.AsBytes(p.First.Values.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(p.Second.Values.AsSpan())));

    // The module's parameters, then its buffers, by name.
    private static IEnumerable<(string Name, Tensor Tensor, bool Buffer)> Tensors(nn.Module module) =>
        module.named_parameters().Select(p => (p.name, (Tensor)p.parameter, false))
            .Concat(module.named_buffers().Select(b => (b.name, b.buffer, true)));
}
