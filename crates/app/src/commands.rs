//! The one-shot subcommands: `migrate`, `school create`, `demo`.

use anyhow::Context as _;
use chrono::{Datelike as _, TimeZone as _};
use schoolbrug_accounts::{
    Accounts, AccountsError, NewAccount, NewCoAccount, NewSchool, ResetPassword, SignIn,
};
use schoolbrug_attendance::service::SettingsDraft;
use schoolbrug_attendance::{Attendance, AttendanceError, Half};
use schoolbrug_calendar::{ActivityDraft, Calendar, Repeat, Target, When};
use schoolbrug_kernel::{Actor, FreeDayPeriod};
use schoolbrug_messaging::model::{Audience, Recipient};
use schoolbrug_messaging::{Messaging, NewMessage};

use crate::database::Database;
use crate::settings::DataArgs;

/// `schoolbrug migrate`: applies pending migrations and says so.
///
/// # Errors
/// An unreachable database or a failed migration.
pub async fn migrate(data: &DataArgs) -> anyhow::Result<()> {
    let url = data.database()?;
    Database::open(&url).await?;
    println!("migrations applied to {}", url.redacted());
    Ok(())
}

/// `schoolbrug school create`.
///
/// # Errors
/// Invalid fields, a taken slug, an unreachable database.
pub async fn create_school(
    data: &DataArgs,
    slug: &str,
    name: &str,
    admin: &str,
    time_zone: Option<String>,
    json: bool,
) -> anyhow::Result<()> {
    let database = Database::open(&data.database()?).await?;
    let accounts = database.services(None, None)?.accounts;
    let created = accounts
        .create_school(NewSchool {
            slug: slug.to_owned(),
            name: name.to_owned(),
            time_zone,
            admin_username: admin.to_owned(),
            admin_first_name: None,
            admin_last_name: None,
        })
        .await
        .map_err(describe)?;
    if json {
        println!(
            "{}",
            serde_json::json!({
                "school_id": created.school.id,
                "admin_id": created.admin.id,
                "code": created.code.expose(),
                "expires_at": created.expires_at,
            })
        );
    } else {
        println!(
            "School {:?} created (slug {}).",
            created.school.name.as_str(),
            created.school.slug.as_str()
        );
        println!("Administrator: {}", created.admin.username.as_str());
        println!(
            "One-time code: {}  (valid until {}; shown only now)",
            created.code.expose(),
            created.expires_at
        );
        println!("Set the password at /password/reset with this code, then sign in at /login.");
    }
    Ok(())
}

/// Turns a domain error into a sentence for the terminal.
#[must_use]
pub fn describe(e: AccountsError) -> anyhow::Error {
    match e {
        AccountsError::Invalid(fields) => {
            let lines: Vec<String> = fields
                .iter()
                .map(|f| format!("  {}: {} ({})", f.field, f.message, f.code))
                .collect();
            anyhow::anyhow!("refused:\n{}", lines.join("\n"))
        }
        AccountsError::Conflict(c) => anyhow::anyhow!("refused: {} (already exists)", c.code()),
        other => anyhow::anyhow!("{other}"),
    }
}

/// The password every demo account gets, printed by `schoolbrug demo`.
pub const DEMO_PASSWORD: &str = "zonnige fiets over de brug";

/// `schoolbrug demo`: a demo school with classes, pupils, co-accounts and staff.
///
/// # Errors
/// When a demo school exists already, or the database is unreachable.
pub async fn demo(data: &DataArgs) -> anyhow::Result<()> {
    let database = Database::open(&data.database()?).await?;
    let services = database.services(None, None)?;
    let accounts = services.accounts.clone();
    let created = accounts
        .create_school(NewSchool {
            slug: "demo".into(),
            name: "Demoschool De Brug".into(),
            time_zone: None,
            admin_username: "beheerder".into(),
            admin_first_name: Some("Greet".into()),
            admin_last_name: Some("Van Damme".into()),
        })
        .await
        .map_err(|e| match e {
            AccountsError::Conflict(_) => {
                anyhow::anyhow!("a demo school (slug \"demo\") exists already in this database")
            }
            other => describe(other),
        })?;
    set_password(&accounts, "beheerder", created.code.expose()).await?;
    let admin = accounts
        .sign_in(SignIn {
            school: Some("demo".into()),
            username: "beheerder".into(),
            password: DEMO_PASSWORD.into(),
            client: None,
            device: None,
            second_factor: None,
        })
        .await
        .map_err(describe)?;
    let admin = accounts
        .authenticate(&admin.token)
        .await
        .map_err(describe)?;

    let staff = [
        ("mevrouw.claes", "Els", "Claes", vec!["teacher"]),
        ("meneer.maes", "Tom", "Maes", vec!["teacher", "counsellor"]),
    ];
    let mut teachers = Vec::new();
    for (username, first, last, roles) in staff {
        let account = add(
            &accounts,
            &admin,
            username,
            first,
            last,
            roles.iter().map(|r| (*r).to_owned()).collect(),
        )
        .await?;
        issue_and_set(&accounts, &admin, account, username).await?;
        teachers.push(account);
    }
    let mut printed = vec![("beheerder".to_owned(), "admin".to_owned())];
    let classes = [
        (
            "3A",
            [
                ("lotte.peeters", "Lotte", "Peeters"),
                ("noah.janssens", "Noah", "Janssens"),
            ],
        ),
        (
            "3B",
            [
                ("emma.wouters", "Emma", "Wouters"),
                ("lucas.dubois", "Lucas", "Dubois"),
            ],
        ),
    ];
    // Each class has its teacher: mevrouw.claes 3A, meneer.maes 3B.
    for ((class, pupils), teacher) in classes.into_iter().zip(teachers) {
        let group = accounts
            .create_group(&admin, class, "class")
            .await
            .map_err(describe)?;
        let mut members = vec![teacher];
        for (username, first, last) in pupils {
            let pupil = add(
                &accounts,
                &admin,
                username,
                first,
                last,
                vec!["pupil".into()],
            )
            .await?;
            issue_and_set(&accounts, &admin, pupil, username).await?;
            members.push(pupil);
            let parent = format!("{username}.ouder1");
            let co = accounts
                .add_co_account(
                    &admin,
                    pupil,
                    NewCoAccount {
                        slot: 1,
                        relation: "mother".into(),
                        username: parent.clone(),
                        first_name: "Ouder van".into(),
                        last_name: first.into(),
                        ..NewCoAccount::default()
                    },
                )
                .await
                .map_err(describe)?;
            issue_and_set(&accounts, &admin, co.id, &parent).await?;
            printed.push((username.to_owned(), format!("pupil, class {class}")));
            printed.push((parent, format!("co-account (mother) of {first}")));
        }
        accounts
            .set_group_members(&admin, group.id, &members)
            .await
            .map_err(describe)?;
    }
    conversations(&services.messaging, &services.calendar, &accounts, &admin).await?;
    activities(&services.calendar, &accounts).await?;
    absences(&services.attendance, &services.calendar, &accounts, &admin).await?;
    printed.push(("mevrouw.claes".into(), "teacher".into()));
    printed.push(("meneer.maes".into(), "teacher, counsellor".into()));

    println!("Demo school \"Demoschool De Brug\" (slug demo) is ready.");
    println!("Every account below signs in with the password: {DEMO_PASSWORD}");
    for (username, what) in printed {
        println!("  {username:<28} {what}");
    }
    println!("Start the server with `schoolbrug serve` and open http://127.0.0.1:8080/login");
    Ok(())
}

/// A class trip next Thursday and swimming every Tuesday afternoon for ten weeks,
/// planned by 3A's teacher, so a newcomer sees a living calendar.
async fn activities(calendar: &Calendar, accounts: &Accounts) -> anyhow::Result<()> {
    let teacher = actor_for(accounts, "mevrouw.claes").await?;
    let zone = calendar
        .time_zone(&teacher)
        .await
        .map_err(|e| anyhow::anyhow!("calendar: {e}"))?;
    let today = calendar
        .today_for(&teacher)
        .await
        .map_err(|e| anyhow::anyhow!("calendar: {e}"))?;
    let class = teacher_class(calendar, &teacher).await?;
    let next = |weekday: chrono::Weekday| {
        let ahead =
            (7 + weekday.num_days_from_monday() - today.weekday().num_days_from_monday()) % 7;
        today + chrono::Duration::days(i64::from(if ahead == 0 { 7 } else { ahead }))
    };
    let at =
        |day: chrono::NaiveDate, h: u32, m: u32| -> anyhow::Result<chrono::DateTime<chrono::Utc>> {
            day.and_hms_opt(h, m, 0)
                .and_then(|t| zone.from_local_datetime(&t).earliest())
                .map(|t| t.with_timezone(&chrono::Utc))
                .ok_or_else(|| anyhow::anyhow!("bad demo time"))
        };
    let thursday = next(chrono::Weekday::Thu);
    let tuesday = next(chrono::Weekday::Tue);
    let plans = [
        ActivityDraft {
            title: "Uitstap naar Brugge".into(),
            description: Some("Vertrek aan de schoolpoort. Picknick meebrengen.".into()),
            location: Some("Brugge".into()),
            when: When::Timed {
                start: at(thursday, 8, 15)?,
                end: at(thursday, 16, 0)?,
            },
            audience: vec![Target::Group(class)],
            repeat: None,
        },
        ActivityDraft {
            title: "Zwemmen".into(),
            description: None,
            location: Some("Stedelijk zwembad".into()),
            when: When::Timed {
                start: at(tuesday, 13, 30)?,
                end: at(tuesday, 15, 0)?,
            },
            audience: vec![Target::Group(class)],
            repeat: Some(Repeat {
                every_weeks: 1,
                until: tuesday + chrono::Duration::weeks(9),
                except: vec![],
                skip_free_days: true,
            }),
        },
    ];
    for draft in plans {
        calendar
            .plan(&teacher, draft)
            .await
            .map_err(|e| anyhow::anyhow!("calendar: {e}"))?;
    }
    Ok(())
}

/// The school's own absence codes, and Emma (3B) with five problematic half-days on the
/// school days before today, so the counsellor's follow-up list has someone on it (and
/// Emma's mother the alerts in her inbox).
async fn absences(
    attendance: &Attendance,
    calendar: &Calendar,
    accounts: &Accounts,
    admin: &Actor,
) -> anyhow::Result<()> {
    let fail = |e: AttendanceError| anyhow::anyhow!("absences: {e}");
    attendance
        .change_settings(
            admin,
            SettingsDraft {
                codes: vec![
                    (
                        "TL".into(),
                        "Te laat zonder geldige reden".into(),
                        "B".into(),
                    ),
                    ("SP".into(), "Spijbelen".into(), "B".into()),
                    ("DOK".into(), "Doktersbezoek".into(), "Z".into()),
                ],
                ..SettingsDraft::default()
            },
        )
        .await
        .map_err(fail)?;
    let emma = actor_for(accounts, "emma.wouters").await?.account;
    let mut day = calendar
        .today_for(admin)
        .await
        .map_err(|e| anyhow::anyhow!("calendar: {e}"))?;
    let mut registered = 0;
    // Back over weekends and free days: a school day takes the code, another refuses it.
    for _ in 0..60 {
        if registered == 5 {
            break;
        }
        day = day
            .pred_opt()
            .ok_or_else(|| anyhow::anyhow!("bad demo date"))?;
        let half = if registered % 2 == 0 {
            Half::Am
        } else {
            Half::Pm
        };
        let code = if registered == 0 { "TL" } else { "B" };
        match attendance
            .set_absence(admin, emma, day, half, code, None)
            .await
        {
            Ok(()) => registered += 1,
            Err(AttendanceError::Invalid(_)) => {}
            Err(e) => return Err(fail(e)),
        }
    }
    Ok(())
}

/// The first group the teacher is in (3A for mevrouw.claes).
async fn teacher_class(
    calendar: &Calendar,
    teacher: &Actor,
) -> anyhow::Result<schoolbrug_kernel::GroupId> {
    calendar
        .groups_of(teacher)
        .await
        .map_err(|e| anyhow::anyhow!("calendar: {e}"))?
        .into_iter()
        .next()
        .ok_or_else(|| anyhow::anyhow!("the demo teacher is in no class"))
}

/// A few conversations, so a newcomer sees a living inbox.
async fn conversations(
    messaging: &Messaging,
    calendar: &Calendar,
    accounts: &Accounts,
    admin: &Actor,
) -> anyhow::Result<()> {
    let date = |y, m, d| {
        chrono::NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| anyhow::anyhow!("bad demo date"))
    };
    calendar
        .replace_free_days(
            admin,
            vec![
                FreeDayPeriod {
                    from: date(2026, 11, 2)?,
                    to: date(2026, 11, 8)?,
                    name: "Herfstvakantie".into(),
                },
                FreeDayPeriod {
                    from: date(2026, 12, 21)?,
                    to: date(2027, 1, 3)?,
                    name: "Kerstvakantie".into(),
                },
                FreeDayPeriod {
                    from: date(2027, 2, 15)?,
                    to: date(2027, 2, 21)?,
                    name: "Krokusvakantie".into(),
                },
                FreeDayPeriod {
                    from: date(2027, 4, 5)?,
                    to: date(2027, 4, 18)?,
                    name: "Paasvakantie".into(),
                },
            ],
        )
        .await
        .map_err(|e| anyhow::anyhow!("free days: {e}"))?;
    let class = accounts
        .groups(admin)
        .await
        .map_err(describe)?
        .into_iter()
        .find(|g| g.name.as_str() == "3A")
        .ok_or_else(|| anyhow::anyhow!("class 3A missing"))?;
    let teacher = actor_for(accounts, "mevrouw.claes").await?;
    let counsellor = actor_for(accounts, "meneer.maes").await?;
    let parent = actor_for(accounts, "lotte.peeters.ouder1").await?;
    let lotte = actor_for(accounts, "lotte.peeters").await?;
    let demo_error = |e: schoolbrug_messaging::MessagingError| anyhow::anyhow!("demo message: {e}");
    let trip = messaging
        .send(
            &teacher,
            NewMessage {
                subject: "Uitstap naar Brugge".into(),
                body: "Beste ouders,\n\nVolgende week gaat klas 3A naar Brugge. Laat u weten of uw kind meegaat?\n\
                       Meer info: https://example.org/uitstap\n\nMet vriendelijke groeten,\nEls Claes"
                    .into(),
                to: vec![Recipient::Group(class.id, Audience::CoAccounts)],
                reply_requested: true,
                ..NewMessage::default()
            },
        )
        .await
        .map_err(demo_error)?;
    messaging
        .send(
            &parent,
            NewMessage {
                subject: "Re: Uitstap naar Brugge".into(),
                body: "Lotte gaat graag mee. Groeten, de mama van Lotte".into(),
                in_reply_to: Some(trip.id),
                ..NewMessage::default()
            },
        )
        .await
        .map_err(demo_error)?;
    messaging
        .send(
            &counsellor,
            NewMessage {
                subject: "Gesprek over de planning".into(),
                body: "Dag Lotte, kom je donderdag even langs tijdens de middagpauze?".into(),
                to: vec![Recipient::Account(lotte.account)],
                reply_requested: true,
                ..NewMessage::default()
            },
        )
        .await
        .map_err(demo_error)?;
    messaging
        .send(
            admin,
            NewMessage {
                subject: "Personeelsvergadering".into(),
                body: "De personeelsvergadering gaat door in de refter.".into(),
                to: vec![Recipient::Role(schoolbrug_kernel::Role::Teacher)],
                ..NewMessage::default()
            },
        )
        .await
        .map_err(demo_error)?;
    Ok(())
}

async fn actor_for(accounts: &Accounts, username: &str) -> anyhow::Result<Actor> {
    let signed_in = accounts
        .sign_in(SignIn {
            school: Some("demo".into()),
            username: username.into(),
            password: DEMO_PASSWORD.into(),
            client: None,
            device: None,
            second_factor: None,
        })
        .await
        .map_err(describe)?;
    let actor = accounts
        .authenticate(&signed_in.token)
        .await
        .map_err(describe)?;
    accounts
        .sign_out(&actor, &signed_in.token)
        .await
        .map_err(describe)?;
    Ok(actor)
}

async fn add(
    accounts: &Accounts,
    admin: &Actor,
    username: &str,
    first: &str,
    last: &str,
    roles: Vec<String>,
) -> anyhow::Result<schoolbrug_kernel::AccountId> {
    Ok(accounts
        .create_account(
            admin,
            NewAccount {
                username: username.into(),
                first_name: first.into(),
                last_name: last.into(),
                roles,
                ..NewAccount::default()
            },
        )
        .await
        .map_err(describe)?
        .id)
}

async fn issue_and_set(
    accounts: &Accounts,
    admin: &Actor,
    id: schoolbrug_kernel::AccountId,
    username: &str,
) -> anyhow::Result<()> {
    let (code, _) = accounts
        .issue_reset_code(admin, id)
        .await
        .map_err(describe)?;
    set_password(accounts, username, code.expose()).await
}

async fn set_password(accounts: &Accounts, username: &str, code: &str) -> anyhow::Result<()> {
    accounts
        .reset_password(ResetPassword {
            school: Some("demo".into()),
            username: username.into(),
            code: code.into(),
            new: DEMO_PASSWORD.into(),
            repeat: DEMO_PASSWORD.into(),
            client: None,
        })
        .await
        .map_err(describe)
        .with_context(|| format!("setting the demo password of {username}"))
}
