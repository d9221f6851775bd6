using GmcRL.Envs;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GmcRL.Representation.Gmc;

/// <summary>The joint encoder f_1:M (docs/method.md §2): its own trunk per modality, concatenated, then
/// Linear(sum of trunk sizes -&gt; d).</summary>
internal sealed class JointEncoder : nn.Module<IReadOnlyList<Tensor>, Tensor>
{
    private readonly ModuleList<nn.Module<Tensor, Tensor>> trunks;
    private readonly Linear output;

    public JointEncoder(string name, ObservationSpec spec, GmcModelOptions options) : base(name)
    {
        trunks = new ModuleList<nn.Module<Tensor, Tensor>>();
        int size = 0;
        foreach (var modality in spec.Modalities)
        {
            var (trunk, width) = Trunks.For(modality, options);
            trunks.Add(trunk);
            size += width;
        }
        output = nn.Linear(size, options.CommonDim);
        RegisterComponents();
    }

    /// <summary>The input of modality <paramref name="m"/> that its trunk sees as zeros after its input standardisation,
    /// in the shape of <paramref name="like"/>: zeros, or a standardising vector trunk's shift.</summary>
    public Tensor StandardZero(int m, Tensor like) => trunks[m] is MlpTrunk mlp ? mlp.StandardZero(like) : zeros_like(like);

    public override Tensor forward(IReadOnlyList<Tensor> inputs)
    {
        var parts = new Tensor[trunks.Count];
        try
        {
            // Every part in the convolutions' reduced precision, and the wide Linear over them too.
            if (trunks.OfType<ConvTrunk>().FirstOrDefault()?.ComputeType is ScalarType type)
            {
                for (int m = 0; m < parts.Length; m++)
                {
                    if (trunks[m] is ConvTrunk conv) { parts[m] = conv.Reduced(inputs[m]); continue; }
                    using var part = trunks[m].forward(inputs[m]);
                    parts[m] = part.to(type);
                }
                using var reduced = cat(parts, 1);
                using var y = ReducedLinear.Forward(output, reduced, type);
                return y.to(ScalarType.Float32);
            }
            for (int m = 0; m < parts.Length; m++) parts[m] = trunks[m].forward(inputs[m]);
            using var joined = cat(parts, 1);
            return output.forward(joined);
        }
        finally
        {
            foreach (var p in parts) p?.Dispose();
        }
    }
}
