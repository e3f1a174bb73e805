use super::*;
use chrono::TimeZone;
use proptest::prelude::*;

fn member(id: MemberId, availability: Availability, capacity: Option<u32>, open: u32) -> Candidate {
    Candidate {
        id,
        name: format!("Member {id}"),
        email: format!("m{id}@tienda.example"),
        availability,
        capacity,
        open,
        last_assigned_at: None,
        authorized: true,
        brands: Vec::new(),
    }
}

fn step(rule: AssignRule) -> AssignStep {
    AssignStep {
        rule,
        fallback: Fallback::Next,
    }
}

fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, minute, 0).unwrap()
}

#[test]
fn rotation_skips_the_offline_and_the_full() {
    let members = vec![
        member(1, Availability::Offline, None, 0),
        member(2, Availability::Online, Some(2), 2),
        member(3, Availability::Online, Some(5), 4),
    ];
    let got = choose(
        &[step(AssignRule::Rotation)],
        &members,
        &AssignContext::default(),
    );
    assert_eq!(
        got,
        Assignment::Member {
            member_id: 3,
            step: 0
        }
    );
}

#[test]
fn rotation_ties_go_to_the_longest_waiting() {
    let mut members = vec![
        member(1, Availability::Online, None, 1),
        member(2, Availability::Online, None, 1),
        member(3, Availability::Online, None, 1),
    ];
    members[0].last_assigned_at = Some(at(30));
    members[1].last_assigned_at = Some(at(10));
    members[2].last_assigned_at = Some(at(20));
    let got = choose(
        &[step(AssignRule::Rotation)],
        &members,
        &AssignContext::default(),
    );
    assert_eq!(
        got,
        Assignment::Member {
            member_id: 2,
            step: 0
        }
    );
    // someone never assigned waits longest of all
    members[0].last_assigned_at = None;
    let got = choose(
        &[step(AssignRule::Rotation)],
        &members,
        &AssignContext::default(),
    );
    assert_eq!(
        got,
        Assignment::Member {
            member_id: 1,
            step: 0
        }
    );
}

#[test]
fn the_first_step_that_finds_someone_wins() {
    let members = vec![
        member(1, Availability::Online, None, 9),
        member(2, Availability::Away, None, 0),
        member(3, Availability::Online, None, 0),
    ];
    let steps = [
        step(AssignRule::Salesperson),
        step(AssignRule::LastHandler),
        step(AssignRule::Rotation),
    ];
    // the salesperson is away: the last handler (online) wins
    let ctx = AssignContext {
        salesperson: Some(2),
        last_handler: Some(1),
        ..AssignContext::default()
    };
    assert_eq!(
        choose(&steps, &members, &ctx),
        Assignment::Member {
            member_id: 1,
            step: 1
        }
    );
    // neither: rotation
    let ctx = AssignContext {
        salesperson: Some(2),
        ..AssignContext::default()
    };
    assert_eq!(
        choose(&steps, &members, &ctx),
        Assignment::Member {
            member_id: 3,
            step: 2
        }
    );
}

#[test]
fn fallbacks_stop_or_name_a_member() {
    let members = vec![
        member(1, Availability::Online, None, 0),
        member(2, Availability::Offline, None, 0),
    ];
    let stop = [
        AssignStep {
            rule: AssignRule::Salesperson,
            fallback: Fallback::Unassigned,
        },
        step(AssignRule::Rotation),
    ];
    assert_eq!(
        choose(&stop, &members, &AssignContext::default()),
        Assignment::Unassigned
    );
    let to_one = [AssignStep {
        rule: AssignRule::Salesperson,
        fallback: Fallback::Member { member_id: 1 },
    }];
    assert_eq!(
        choose(&to_one, &members, &AssignContext::default()),
        Assignment::Member {
            member_id: 1,
            step: 0
        }
    );
    // a fallback member who is offline does not get it either
    let to_offline = [AssignStep {
        rule: AssignRule::Salesperson,
        fallback: Fallback::Member { member_id: 2 },
    }];
    assert_eq!(
        choose(&to_offline, &members, &AssignContext::default()),
        Assignment::Unassigned
    );
}

#[test]
fn custom_field_names_a_member_by_name_or_email() {
    let members = vec![
        member(1, Availability::Online, None, 0),
        member(2, Availability::Online, None, 0),
    ];
    let steps = [step(AssignRule::CustomField {
        field: "Vendedor".into(),
    })];
    let by_name = AssignContext {
        custom_fields: vec![("vendedor".into(), " member 2 ".into())],
        ..AssignContext::default()
    };
    assert_eq!(
        choose(&steps, &members, &by_name),
        Assignment::Member {
            member_id: 2,
            step: 0
        }
    );
    let by_email = AssignContext {
        custom_fields: vec![("Vendedor".into(), "M1@Tienda.Example".into())],
        ..AssignContext::default()
    };
    assert_eq!(
        choose(&steps, &members, &by_email),
        Assignment::Member {
            member_id: 1,
            step: 0
        }
    );
    let nobody = AssignContext {
        custom_fields: vec![("Vendedor".into(), "Someone else".into())],
        ..AssignContext::default()
    };
    assert_eq!(choose(&steps, &members, &nobody), Assignment::Unassigned);
}

#[test]
fn brand_rotation_stays_inside_the_brand() {
    let mut members = vec![
        member(1, Availability::Online, None, 0),
        member(2, Availability::Online, None, 3),
    ];
    members[1].brands = vec![7];
    let ctx = AssignContext {
        brand: Some(7),
        ..AssignContext::default()
    };
    assert_eq!(
        choose(&[step(AssignRule::Brand)], &members, &ctx),
        Assignment::Member {
            member_id: 2,
            step: 0
        }
    );
    // no brand on the conversation: nobody by brand
    assert_eq!(
        choose(
            &[step(AssignRule::Brand)],
            &members,
            &AssignContext::default()
        ),
        Assignment::Unassigned
    );
}

fn availability() -> impl Strategy<Value = Availability> {
    prop_oneof![
        Just(Availability::Online),
        Just(Availability::Away),
        Just(Availability::Offline)
    ]
}

fn candidates() -> impl Strategy<Value = Vec<Candidate>> {
    proptest::collection::vec(
        (
            availability(),
            proptest::option::of(0u32..6),
            0u32..8,
            any::<bool>(),
            proptest::option::of(0u32..60),
            proptest::collection::vec(1i64..4, 0..2),
        ),
        0..8,
    )
    .prop_map(|rows| {
        rows.into_iter()
            .enumerate()
            .map(|(i, (a, cap, open, authorized, last, brands))| Candidate {
                last_assigned_at: last.map(at),
                authorized,
                brands,
                ..member(i as i64 + 1, a, cap, open)
            })
            .collect()
    })
}

fn rule() -> impl Strategy<Value = AssignRule> {
    prop_oneof![
        Just(AssignRule::Salesperson),
        Just(AssignRule::CustomField {
            field: "owner".into()
        }),
        Just(AssignRule::LastHandler),
        Just(AssignRule::Rotation),
        Just(AssignRule::Brand),
        Just(AssignRule::Random),
    ]
}

fn fallback() -> impl Strategy<Value = Fallback> {
    prop_oneof![
        Just(Fallback::Next),
        Just(Fallback::Unassigned),
        (1i64..9).prop_map(|member_id| Fallback::Member { member_id }),
    ]
}

proptest! {
    #[test]
    fn never_assigns_to_an_unauthorized_offline_or_full_member(
        members in candidates(),
        steps in proptest::collection::vec((rule(), fallback()), 0..5),
        salesperson in proptest::option::of(1i64..9),
        last_handler in proptest::option::of(1i64..9),
        named in 1i64..9,
        brand in proptest::option::of(1i64..4),
        random in any::<u64>(),
    ) {
        let steps: Vec<_> = steps.into_iter().map(|(rule, fallback)| AssignStep { rule, fallback }).collect();
        let ctx = AssignContext {
            salesperson,
            custom_fields: vec![("owner".into(), format!("Member {named}"))],
            last_handler,
            brand,
            random,
        };
        if let Assignment::Member { member_id, step } = choose(&steps, &members, &ctx) {
            let m = members.iter().find(|m| m.id == member_id).expect("a known member");
            prop_assert!(m.authorized);
            prop_assert_eq!(m.availability, Availability::Online);
            prop_assert!(m.capacity.is_none_or(|c| m.open < c));
            prop_assert!(step < steps.len());
        }
    }

    #[test]
    fn rotation_is_fair_over_many_arrivals(n_members in 1usize..7, arrivals in 1usize..300) {
        // every arrival stays open: the counts may never differ by more than one
        let mut members: Vec<_> = (0..n_members)
            .map(|i| member(i as i64 + 1, Availability::Online, None, 0))
            .collect();
        for k in 0..arrivals {
            let Assignment::Member { member_id, .. } =
                choose(&[step(AssignRule::Rotation)], &members, &AssignContext::default())
            else {
                panic!("someone is always online");
            };
            let m = members.iter_mut().find(|m| m.id == member_id).unwrap();
            m.open += 1;
            m.last_assigned_at = Some(at(0) + chrono::Duration::seconds(k as i64));
        }
        let max = members.iter().map(|m| m.open).max().unwrap();
        let min = members.iter().map(|m| m.open).min().unwrap();
        prop_assert!(max - min <= 1);
    }

    #[test]
    fn rotation_with_closings_gives_each_the_same_share(n_members in 2usize..6, rounds in 1usize..40) {
        // conversations are resolved at once: turns go round by waiting time
        let mut members: Vec<_> = (0..n_members)
            .map(|i| member(i as i64 + 1, Availability::Online, None, 0))
            .collect();
        let mut got = vec![0usize; n_members];
        for k in 0..(rounds * n_members) {
            let Assignment::Member { member_id, .. } =
                choose(&[step(AssignRule::Rotation)], &members, &AssignContext::default())
            else {
                panic!("someone is always online");
            };
            got[(member_id - 1) as usize] += 1;
            members[(member_id - 1) as usize].last_assigned_at =
                Some(at(0) + chrono::Duration::seconds(k as i64));
        }
        prop_assert!(got.iter().all(|g| *g == rounds));
    }
}
