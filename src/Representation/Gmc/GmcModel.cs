using GmcRL.Envs;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GmcRL.Representation.Gmc;

/// <summary>
/// A GMC model for M modalities (Poklukar et al. 2022, docs/method.md §2): one base encoder f_m per modality, the joint
/// encoder f_1:M, and the shared projection head g. <see cref="Complete"/> gives z(1:M) = g(f_1:M(x_1:M)) and
/// <see cref="Single"/> gives z(m) = g(f_m(x_m)), both L2-normalised.
/// </summary>
/// <remarks>Inputs are float tensors of shape [B, ...modality shape] holding the elements' values (binary images as
/// 0/1). The submodule names (encoders, joint, head) are the checkpoint format.</remarks>
public sealed class GmcModel : nn.Module
{
    private readonly ModuleList<ModalityEncoder> encoders;
    private readonly JointEncoder joint;
    private readonly ProjectionHead head;

    /// <summary>A model for <paramref name="spec"/> with the given sizes, initialised as PyTorch does by default
    /// (every weight and bias uniform in ±1/sqrt(fan_in)) from <paramref name="seed"/>.</summary>
    public GmcModel(ObservationSpec spec, GmcModelOptions options, int seed) : base(nameof(GmcModel))
    {
        Spec = spec;
        Options = options.Validated();
        encoders = new ModuleList<ModalityEncoder>();
        foreach (var modality in spec.Modalities) encoders.Add(new ModalityEncoder(modality.Name, modality, options));
        joint = new JointEncoder("joint", spec, options);
        head = new ProjectionHead("head", options);
        RegisterComponents();
        Initialize(seed);
    }

    /// <summary>The modalities the model encodes.</summary>
    public ObservationSpec Spec { get; }

    /// <summary>The model's sizes.</summary>
    public GmcModelOptions Options { get; }

    /// <summary>Number of modalities M.</summary>
    public int ModalityCount => Spec.Count;

    /// <summary>Size of a latent.</summary>
    public int LatentDim => Options.LatentDim;

    /// <summary>z(1:M): the latent of the complete observation, [B, latent].</summary>
    public Tensor Complete(IReadOnlyList<Tensor> inputs)
    {
        using var h = joint.forward(inputs);
        return head.forward(h);
    }

    /// <summary>z(m): the latent of modality <paramref name="modality"/> alone, [B, latent].</summary>
    public Tensor Single(int modality, Tensor input)
    {
        using var h = encoders[modality].forward(input);
        return head.forward(h);
    }

    /// <summary>z(1:M) and every z(m) of one batch: the training path.</summary>
    /// <remarks>Running each image's two trunks (its encoder's and the joint encoder's) as one stacked conv1 and one
    /// grouped conv2 was measured 1.3-2.7x slower than the separate calls on this CPU (grouped convolution backward in
    /// libtorch 2.10), so the paths run separately.</remarks>
    public (Tensor Complete, Tensor[] Singles) Latents(IReadOnlyList<Tensor> inputs)
    {
        var singles = new Tensor[ModalityCount];
        for (int m = 0; m < singles.Length; m++) singles[m] = Single(m, inputs[m]);
        return (Complete(inputs), singles);
    }

    /// <summary>Number of scalar parameters.</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <summary>Parameters of each part, for reports: each modality encoder by name, "joint" and "head".</summary>
    public IReadOnlyList<(string Part, long Count)> ParameterCounts() =>
        [.. Spec.Modalities.Select((m, i) => (m.Name, encoders[i].parameters().Sum(p => p.numel()))),
         ("joint", joint.parameters().Sum(p => p.numel())), ("head", head.parameters().Sum(p => p.numel()))];

    private void Initialize(int seed) => InitializeUniform(this, seed);

    /// <summary>PyTorch's default initialisation of every Linear, Conv1d, Conv2d and ConvTranspose2d in <paramref name="module"/>
    /// (weights and biases uniform in ±1/sqrt(fan_in)), in module order, from <paramref name="seed"/>.</summary>
    internal static void InitializeUniform(nn.Module module, int seed)
    {
        using var generator = new Generator(unchecked((ulong)seed), ComputeDevice.Current);
        using var noGrad = no_grad();
        foreach (var (_, child) in module.named_modules())
        {
            switch (child)
            {
                case Linear linear:
                    Uniform(linear.weight!, linear.in_features, generator);
                    if (linear.bias is { } b) Uniform(b, linear.in_features, generator);
                    break;
                case Conv1d conv:
                    ConvUniform(conv.weight!, conv.bias, generator);
                    break;
                case Conv2d conv:
                    ConvUniform(conv.weight!, conv.bias, generator);
                    break;
                case ConvTranspose2d deconv:
                    ConvUniform(deconv.weight!, deconv.bias, generator);
                    break;
            }
        }
    }

    // PyTorch takes fan_in from dimension 1 of a convolution's weight, for transposed ones too.
    private static void ConvUniform(Tensor weight, Tensor? bias, Generator generator)
    {
        long fanIn = weight.shape.Skip(1).Aggregate(1L, (x, y) => x * y);
        Uniform(weight, fanIn, generator);
        if (bias is { } b) Uniform(b, fanIn, generator);
    }

    // PyTorch's default: kaiming_uniform(a = sqrt 5) for weights and the same bound for biases, = 1/sqrt(fan_in).
    private static void Uniform(Tensor t, long fanIn, Generator generator)
    {
        double bound = 1.0 / Math.Sqrt(fanIn);
        t.uniform_(-bound, bound, generator);
    }
}
