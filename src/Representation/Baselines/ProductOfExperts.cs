using static TorchSharp.torch;

namespace GmcRL.Representation.Baselines;

/// <summary>
/// The product of Gaussian experts of the MVAE (Wu and Goodman 2018, eq. 4; Hinton 2002): a prior expert N(0, I) and
/// the experts of the modalities present, each N(mu_i, diag(var_i)). With precisions T_i = 1 / var_i (the prior's is 1):
/// T = 1 + sum_i T_i, mu = (sum_i T_i mu_i) / T, var = 1 / T. Absent experts contribute nothing.
/// </summary>
public static class ProductOfExperts
{
    /// <summary>The product's mean and log-variance, [B, latent] each, of experts given as (mu, logvar) pairs of
    /// [B, latent]; <paramref name="presence"/> ([B, experts], 1 or 0) says which experts take part for each row
    /// (null: all of them).</summary>
    public static (Tensor Mu, Tensor LogVar) Combine(IReadOnlyList<(Tensor Mu, Tensor LogVar)> experts, Tensor? presence = null)
    {
        if (experts.Count == 0) throw new ArgumentException("A product of experts needs at least one expert besides the prior.", nameof(experts));
        using var scope = NewDisposeScope();
        var (mu0, _) = experts[0];
        // The prior expert: mean 0, precision 1.
        Tensor precision = ones_like(mu0);
        Tensor weighted = zeros_like(mu0);
        for (int i = 0; i < experts.Count; i++)
        {
            var (mu, logVar) = experts[i];
            var t = (-logVar).exp();
            if (presence is not null) t = t.mul(presence.narrow(1, i, 1));
            // precision += t; weighted += t * mu (long-lived alphas: see LongLivedScalars).
            precision = precision.add(t, Scalars.One);
            weighted = weighted.add(t.mul(mu), Scalars.One);
        }
        var combinedMu = weighted / precision;
        var combinedLogVar = -precision.log();
        return (combinedMu.MoveToOuterDisposeScope(), combinedLogVar.MoveToOuterDisposeScope());
    }
}
