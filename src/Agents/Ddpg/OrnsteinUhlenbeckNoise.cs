namespace GmcRL.Agents.Ddpg;

/// <summary>
/// Temporally correlated exploration noise, one process per slot (environment copy): with dt = 1,
/// x &lt;- x + theta (0 - x) + sigma N(0, 1), per action element (Uhlenbeck and Ornstein 1930; used by Lillicrap et al. 2016).
/// </summary>
public sealed class OrnsteinUhlenbeckNoise
{
    private readonly double _theta;
    private readonly int _width;
    private Random _rng;
    private double[] _state;

    /// <summary>Processes of <paramref name="width"/> elements with mean reversion <paramref name="theta"/>.</summary>
    public OrnsteinUhlenbeckNoise(int width, double theta, Random rng)
    {
        _width = width;
        _theta = theta;
        _rng = rng;
        _state = [];
    }

    /// <summary>Restarts the noise's random stream from <paramref name="seed"/>.</summary>
    public void Reseed(int seed) => _rng = new Random(seed);

    /// <summary>Sets slot <paramref name="slot"/>'s process back to zero.</summary>
    public void Reset(int slot)
    {
        Grow(slot);
        Array.Clear(_state, slot * _width, _width);
    }

    /// <summary>Advances slot <paramref name="slot"/>'s process one step with scale <paramref name="sigma"/> and
    /// adds it to <paramref name="action"/>.</summary>
    public void AddTo(int slot, double sigma, Span<float> action)
    {
        Grow(slot);
        for (int i = 0; i < _width; i++)
        {
            ref double x = ref _state[slot * _width + i];
            x += -_theta * x + sigma * StandardNormal();
            action[i] += (float)x;
        }
    }

    private void Grow(int slot)
    {
        if ((slot + 1) * _width > _state.Length) Array.Resize(ref _state, (slot + 1) * _width);
    }

    // Box-Muller: sqrt(-2 ln u1) cos(2 pi u2) with u1 in (0, 1].
    private double StandardNormal() =>
        Math.Sqrt(-2 * Math.Log(1 - _rng.NextDouble())) * Math.Cos(2 * Math.PI * _rng.NextDouble());
}
