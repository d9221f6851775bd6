namespace GmcRL.Envs.Hyperhot;

/// <summary>The six actions of <see cref="Hyperhot"/> (its <c>Discrete(6)</c> indices).</summary>
public enum HyperhotAction
{
    /// <summary>Stop moving.</summary>
    Stop = 0,

    /// <summary>Move left.</summary>
    Left = 1,

    /// <summary>Move right.</summary>
    Right = 2,

    /// <summary>Fire; the ship keeps the motion it had (the reference's quirk).</summary>
    Shoot = 3,

    /// <summary>Fire and move left.</summary>
    ShootLeft = 4,

    /// <summary>Fire and move right.</summary>
    ShootRight = 5,
}
