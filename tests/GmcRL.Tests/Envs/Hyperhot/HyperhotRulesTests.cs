using GmcRL.Envs.Hyperhot;
using static GmcRL.Envs.Hyperhot.HyperhotAction;
using static GmcRL.Tests.Envs.Hyperhot.Scenes;
using HyperhotEnv = GmcRL.Envs.Hyperhot.Hyperhot;

namespace GmcRL.Tests.Envs.Hyperhot;

/// <summary>Hyperhot's rules on hand-placed scenes (HYPERHOT-SPEC §1). Unless a test moves them, the ship's left edge is
/// at x = 50 (centre (62, 184)) and the formation starts at centres 32, 64, 96, 128 moving right, so after one step the
/// enemies are centred at 33, 65, 97, 129 (y = 40).</summary>
public class HyperhotRulesTests
{
    private static int ShipX(HyperhotEnv env) => env.Game.ShipX;

    private static int EnemyBullets(HyperhotEnv env) => env.Game.EnemyBullets.Count(b => b.Listed);

    [Fact]
    public void The_ship_moves_five_pixels_a_step_and_a_move_is_cancelled_past_the_reference_bounds()
    {
        var env = Make(shipX: 50);
        env.Step(Right);
        Assert.Equal(55, ShipX(env));
        env.Step(Left);
        Assert.Equal(50, ShipX(env));
        env.Step(Stop);
        Assert.Equal(50, ShipX(env));

        // A move left happens while the left edge is >= 10, a move right while it is <= 130.
        foreach (var (start, action, expected) in new[] { (10, Left, 5), (5, Left, 5), (9, Left, 9), (130, Right, 135), (135, Right, 135), (131, Right, 131) })
        {
            env = Make(shipX: start);
            env.Step(action);
            Assert.Equal(expected, ShipX(env));
        }
    }

    [Fact]
    public void The_ship_starts_with_its_centre_uniform_in_10_to_130_and_the_formation_either_way()
    {
        var env = new HyperhotEnv();
        var centres = new HashSet<double>();
        var directions = new HashSet<double>();
        for (int seed = 0; seed < 2000; seed++)
        {
            env.Reset(seed);
            centres.Add(env.S("ship_x"));
            directions.Add(env.S("formation_direction"));
            Assert.Equal(0, env.S("ship_motion"));
            Assert.Equal([32, 64, 96, 128], Enumerable.Range(0, 4).Select(i => env.S($"enemy{i}_x")));
        }
        Assert.Equal(10, centres.Min());
        Assert.Equal(130, centres.Max());
        Assert.True(centres.Count > 110, $"only {centres.Count} of the 121 start positions in 2000 resets");
        Assert.Equal([-1.0, 1.0], directions.Order());
    }

    [Fact]
    public void Shoot_keeps_the_previous_motion_and_a_blocked_move_is_forgotten()
    {
        var env = Make(shipX: 50);
        env.Step(Right);
        env.Step(Shoot);
        Assert.Equal(60, ShipX(env));
        // The bullet starts at the ship's top centre before the ship moves, and flies 6 px in the same step.
        Assert.Equal((1.0, 67.0, 174.0), (env.S("player_bullet"), env.S("player_bullet_x"), env.S("player_bullet_y")));
        env.Step(Stop);
        env.Step(Shoot);
        Assert.Equal(60, ShipX(env));

        env = Make(shipX: 50);
        env.Step(ShootLeft);
        Assert.Equal((45, 62.0), (ShipX(env), env.S("player_bullet_x")));

        // Right at the right bound is cancelled and forgotten: shooting then keeps still.
        env = Make(shipX: 135);
        env.Step(Right);
        env.Step(Shoot);
        Assert.Equal(135, ShipX(env));
        Assert.Equal(0, env.S("ship_motion"));
    }

    [Fact]
    public void The_ship_has_one_bullet_and_a_dead_bullet_holds_the_gun_for_one_more_step()
    {
        var env = Make(g => g.PlayerBullet = Flying(62, 5));
        env.Step(Shoot);
        // Its top left the screen: spent, but still listed (drawn and heard) in this step; no second bullet.
        Assert.Equal((2.0, -1.0), (env.S("player_bullet"), env.S("player_bullet_y")));
        env.Step(Shoot);
        Assert.Equal(0, env.S("player_bullet"));
        env.Step(Shoot);
        Assert.Equal((1.0, 174.0), (env.S("player_bullet"), env.S("player_bullet_y")));
        env.Step(Shoot);
        Assert.Equal(168, env.S("player_bullet_y"));
    }

    [Fact]
    public void Enemies_fire_every_sixth_step_one_live_enemy_without_a_bullet_from_its_bottom_centre()
    {
        var env = Make(shipX: 135, right: false);
        for (int t = 1; t <= 30; t++)
        {
            var before = env.Game.EnemyBullets.Select(b => b.Listed).ToArray();
            env.Step(Stop);
            int expected = Math.Min(4, t / 6);
            Assert.Equal(expected, EnemyBullets(env));
            for (int i = 0; i < 4; i++)
            {
                if (before[i] || !env.Game.EnemyBullets[i].Listed) continue;
                Assert.Equal(0, t % 6);
                // Fired before the formation moved 1 px (it turns right at step 20), then fell 6 px.
                int moved = (int)env.S("formation_direction");
                Assert.Equal((env.Game.Enemies[i].CentreX - moved, 54), (env.Game.EnemyBullets[i].X, env.Game.EnemyBullets[i].Y));
            }
            Assert.Equal(t % 6, env.S("fire_tick"));
        }
    }

    [Fact]
    public void A_dead_enemy_never_fires_but_its_bullet_flies_on_and_stays_dangerous()
    {
        var env = Make(shipX: 135, right: false, place: g => g.Enemies[1].Alive = false);
        for (int t = 1; t <= 24; t++) env.Step(Stop);
        Assert.Equal(3, EnemyBullets(env));
        Assert.False(env.Game.EnemyBullets[1].Listed);

        env = Make(place: g =>
        {
            g.Enemies[0].Alive = false;
            g.EnemyBullets[0] = Flying(62, 172);
        });
        var r = env.Step(Stop);
        Assert.Equal((-1.0, true), (r.Reward, r.Terminated));
        Assert.Equal("lost", env.Outcomes[env.Outcome!.Value]);
    }

    [Fact]
    public void At_most_MaxEnemyBullets_enemy_bullets_fly_at_once()
    {
        // With four enemies of one bullet each, the reference's cap of 4 never binds; a cap of 2 shows the rule.
        var env = Make(shipX: 135, right: false, settings: new HyperhotSettings { MaxEnemyBullets = 2 });
        int[] counts = new int[25];
        for (int t = 1; t <= 24; t++)
        {
            env.Step(Stop);
            counts[t] = EnemyBullets(env);
        }
        Assert.Equal((1, 2, 2, 2), (counts[6], counts[12], counts[18], counts[24]));
    }

    [Fact]
    public void The_formation_turns_at_both_edges_where_its_outermost_live_enemies_reach_them()
    {
        // Left: a left edge at 5 turns it (checked before it moves).
        var env = Make(right: false, place: g => { for (int i = 0; i < 4; i++) g.Enemies[i].X = 6 + 32 * i; });
        env.Step(Stop);
        Assert.Equal((5, -1.0), (env.Game.Enemies[0].X, env.S("formation_direction")));
        env.Step(Stop);
        Assert.Equal((6, 1.0), (env.Game.Enemies[0].X, env.S("formation_direction")));

        // A dead enemy does not count: it moves on, unseen, past the edge.
        env = Make(right: false, place: g =>
        {
            for (int i = 0; i < 4; i++) g.Enemies[i].X = 6 + 32 * i;
            g.Enemies[0].Alive = false;
        });
        env.Step(Stop);
        env.Step(Stop);
        Assert.Equal((4, 36, -1.0), (env.Game.Enemies[0].X, env.Game.Enemies[1].X, env.S("formation_direction")));
        Assert.Equal(12, env.S("enemy0_x"));

        // Right: a right edge at 155 turns it.
        env = Make(right: true, place: g => { for (int i = 0; i < 4; i++) g.Enemies[i].X = 138 - 32 * (3 - i); });
        env.Step(Stop);
        Assert.Equal((139, 1.0), (env.Game.Enemies[3].X, env.S("formation_direction")));
        env.Step(Stop);
        Assert.Equal((138, -1.0), (env.Game.Enemies[3].X, env.S("formation_direction")));

        env = Make(right: true, place: g =>
        {
            for (int i = 0; i < 4; i++) g.Enemies[i].X = 139 - 32 * (3 - i);
            g.Enemies[3].Alive = false;
        });
        env.Step(Stop);
        Assert.Equal((140, 1.0), (env.Game.Enemies[3].X, env.S("formation_direction")));
    }

    [Fact]
    public void A_player_bullet_kills_a_live_enemy_it_touches_and_both_die()
    {
        // After the moves: bullet (76, 51), enemy 1 centred (65, 40): squared distance 242 <= 242.00000000000003.
        var env = Make(g => g.PlayerBullet = Flying(76, 57));
        var r = env.Step(Stop);
        Assert.Equal((0.0, false), (r.Reward, r.Terminated));
        Assert.Equal((0.0, 2.0), (env.S("enemy1_alive"), env.S("player_bullet")));
        Assert.Equal(1, env.Tally(0));
        Assert.Equal(["kills"], env.Tallies);
        Assert.Null(env.Outcome);

        // Squared distance 244: a miss.
        env = Make(g => g.PlayerBullet = Flying(75, 58));
        env.Step(Stop);
        Assert.Equal((1.0, 1.0), (env.S("enemy1_alive"), env.S("player_bullet")));
        Assert.Equal(0, env.Tally(0));
    }

    [Fact]
    public void A_player_bullet_passes_through_a_dead_enemy()
    {
        var env = Make(g =>
        {
            g.Enemies[1].Alive = false;
            g.PlayerBullet = Flying(65, 50);
        });
        env.Step(Stop);
        Assert.Equal((1.0, 44.0), (env.S("player_bullet"), env.S("player_bullet_y")));
        Assert.Equal(0, env.Tally(0));
    }

    [Fact]
    public void A_player_bullet_and_an_enemy_bullet_that_touch_both_die()
    {
        // After the moves: (104, 113) and (100, 106), squared distance 65: they touch.
        var env = Make(g =>
        {
            g.PlayerBullet = Flying(104, 119);
            g.EnemyBullets[2] = Flying(100, 100);
        });
        env.Step(Stop);
        Assert.Equal((2.0, 2.0), (env.S("player_bullet"), env.S("enemy2_bullet")));
        // Both are gone after the next step's moves.
        env.Step(Stop);
        Assert.Equal((0.0, 0.0), (env.S("player_bullet"), env.S("enemy2_bullet")));

        // (106, 112) and (100, 106): squared distance 72 > 71.99999999999999, so they pass.
        env = Make(g =>
        {
            g.PlayerBullet = Flying(106, 118);
            g.EnemyBullets[2] = Flying(100, 100);
        });
        env.Step(Stop);
        Assert.Equal((1.0, 1.0), (env.S("player_bullet"), env.S("enemy2_bullet")));
    }

    [Fact]
    public void Per_step_a_player_bullet_hits_the_first_enemy_bullet_it_touches_and_then_still_a_live_enemy()
    {
        var env = Make(g =>
        {
            g.PlayerBullet = Flying(101, 118);
            g.EnemyBullets[0] = Flying(100, 100);
            g.EnemyBullets[3] = Flying(102, 100);
        });
        env.Step(Stop);
        Assert.Equal((2.0, 2.0, 1.0), (env.S("player_bullet"), env.S("enemy0_bullet"), env.S("enemy3_bullet")));

        // Touching enemy 1's bullet at (65, 48) and enemy 1 at (65, 40) in the same step: both die.
        env = Make(g =>
        {
            g.PlayerBullet = Flying(65, 52);
            g.EnemyBullets[1] = Flying(65, 42);
        });
        env.Step(Stop);
        Assert.Equal((2.0, 0.0), (env.S("enemy1_bullet"), env.S("enemy1_alive")));
        Assert.Equal(1, env.Tally(0));
    }

    [Fact]
    public void An_enemy_bullet_that_touches_the_ship_loses_the_game()
    {
        // After the move: (78, 179) against the ship's centre (62, 184): squared distance 281 <= 285.33.
        var env = Make(g => g.EnemyBullets[0] = Flying(78, 173));
        var r = env.Step(Stop);
        Assert.Equal((-1.0, true, false), (r.Reward, r.Terminated, r.Truncated));
        Assert.Equal(1, env.Outcome);
        Assert.Equal(["win", "lost", "time_up"], env.Outcomes);

        // (74, 172): squared distance 288, a miss.
        env = Make(g => g.EnemyBullets[0] = Flying(74, 166));
        r = env.Step(Stop);
        Assert.False(r.Terminated);
    }

    [Fact]
    public void The_end_checks_run_in_order_time_limit_then_ship_hit_then_win()
    {
        // Every enemy dead (so enemy bullets stay put) and an enemy bullet on the ship: at step 450 time is up first.
        Action<HyperhotGame> deadAndHit = g =>
        {
            foreach (ref var e in g.Enemies.AsSpan()) e.Alive = false;
            g.EnemyBullets[2] = Flying(62, 184);
        };
        var env = Make(g => { deadAndHit(g); g.Steps = 449; });
        var r = env.Step(Stop);
        Assert.Equal((-1.0, true, false, 450), (r.Reward, r.Terminated, r.Truncated, r.Info.EpisodeStep));
        Assert.Equal("time_up", env.Outcomes[env.Outcome!.Value]);

        env = Make(deadAndHit);
        r = env.Step(Stop);
        Assert.Equal((-1.0, true), (r.Reward, r.Terminated));
        Assert.Equal("lost", env.Outcomes[env.Outcome!.Value]);

        env = Make(g => { foreach (ref var e in g.Enemies.AsSpan()) e.Alive = false; });
        r = env.Step(Stop);
        Assert.Equal((10.0, true), (r.Reward, r.Terminated));
        Assert.Equal("win", env.Outcomes[env.Outcome!.Value]);
        Assert.Throws<GmcRL.Envs.ResetNeededException>(() => env.Step(Stop));
    }

    [Fact]
    public void The_time_limit_is_450_steps_and_ends_the_game_as_a_terminal_outcome()
    {
        // Enemies that never fire and a ship that never shoots: only the clock can end the game.
        var env = Make(settings: new HyperhotSettings { MaxEnemyBullets = 0 });
        Assert.Equal(450, new HyperhotSettings().TimeLimitSteps);
        GmcRL.Envs.StepResult<GmcRL.Envs.MultimodalObservation> r;
        int steps = 0;
        do
        {
            r = env.Step(Stop);
            steps++;
        } while (!r.Done);
        Assert.Equal((450, -1.0, true, false), (steps, r.Reward, r.Terminated, r.Truncated));
        Assert.Equal("time_up", env.Outcomes[env.Outcome!.Value]);
    }

    [Fact]
    public void The_win_is_detected_one_step_after_the_last_kill_and_the_ship_can_still_be_hit_in_that_step()
    {
        Action<HyperhotGame> lastKill = g =>
        {
            foreach (int i in new[] { 0, 2, 3 }) g.Enemies[i].Alive = false;
            g.PlayerBullet = Flying(65, 50);
        };
        var env = Make(lastKill);
        var r = env.Step(Stop);
        Assert.Equal((0.0, false, 1.0), (r.Reward, r.Terminated, env.Tally(0)));
        Assert.Equal(0, env.S("enemy1_alive"));
        r = env.Step(Stop);
        Assert.Equal((10.0, true), (r.Reward, r.Terminated));
        Assert.Equal("win", env.Outcomes[env.Outcome!.Value]);

        // An enemy bullet ends the kill step at (79, 184), just out of reach; in the next step nothing but the ship moves,
        // and the ship moving right runs into it.
        env = Make(g => { lastKill(g); g.EnemyBullets[0] = Flying(79, 178); });
        r = env.Step(Stop);
        Assert.Equal((0.0, false), (r.Reward, r.Terminated));
        r = env.Step(Right);
        Assert.Equal((-1.0, true), (r.Reward, r.Terminated));
        Assert.Equal("lost", env.Outcomes[env.Outcome!.Value]);
        Assert.Equal((79, 184), (env.Game.EnemyBullets[0].X, env.Game.EnemyBullets[0].Y));
    }
}
