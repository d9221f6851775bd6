namespace GmcRL.Envs.Registry;

/// <summary>The environments GmcRL ships, registered when <see cref="EnvRegistry"/> is first used.</summary>
internal static class BuiltInEnvironments
{
    public static IEnumerable<EnvRegistration> All => [Pendulum.PendulumRegistration.Create(), Hyperhot.HyperhotRegistration.Create()];
}
