//! The column-mapping step of an import: after the upload, each column of
//! the file is shown with its header, a sample value and the field it will be
//! read as; the clerk corrects any of them (or leaves a column out) and the
//! check then runs with that reading.

use super::jobs::{Job, Pending, Stage};
use super::pages::{job_of, writer};
use super::tasks;
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, IdPath, PageUser};
use crate::fellows::labels;
use crate::layout::Ctx;
use askama::Template;
use axum::response::{Html, IntoResponse, Redirect, Response};
use guichao_domain::{Lang, Msg};
use guichao_sheets::Field;
use std::sync::Arc;

#[derive(Template)]
#[template(path = "fellows/import_mapping.html")]
pub(super) struct MappingPage<'a> {
    pub ctx: Ctx,
    pub job: &'a Job,
    pub pending: &'a Pending,
    pub fields: [Field; Field::ALL.len()],
}

impl MappingPage<'_> {
    fn field_label(&self, field: &Field) -> &'static str {
        label(*field, self.ctx.lang)
    }

    fn selected(&self, field: &Field, code: &str) -> bool {
        field.code() == code
    }

    fn error(&self) -> Option<&str> {
        self.pending.error.as_ref().map(|m| m.get(self.ctx.lang))
    }

    /// The columns: index, header, sample and field code ("" when left out).
    fn columns(&self) -> Vec<(usize, &str, &str, &'static str)> {
        let p = &self.pending.preview;
        let chosen = self.pending.upload.mapping.as_deref().unwrap_or(&p.fields);
        (0..p.headers.len())
            .map(|c| {
                let field = chosen.get(c).copied().flatten().map_or("", Field::code);
                (c, p.headers[c].as_str(), p.samples.get(c).map_or("", String::as_str), field)
            })
            .collect()
    }
}

/// A field's name as the mapping shows it.
fn label(field: Field, lang: Lang) -> &'static str {
    match field.form_field() {
        Some(name) => labels::field(name, lang),
        None => lang.pick("所属商会", "Chamber"),
    }
}

/// The page of a job waiting for its mapping.
pub(super) fn page(user: &PageUser, job: &Job, pending: &Pending) -> PageResult<Response> {
    let page = MappingPage { ctx: Ctx::new(user, "/fellows"), job, pending, fields: Field::ALL };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}

/// Reads the mapping sent: `col_N` is column N's field code, empty to leave
/// it out. The name must be read from one column, and no field from two.
fn chosen(get: impl Fn(&str) -> String, columns: usize) -> Result<Vec<Option<Field>>, Msg> {
    let mapping: Vec<Option<Field>> = (0..columns).map(|c| Field::from_code(&get(&format!("col_{c}")))).collect();
    if !mapping.contains(&Some(Field::Name)) {
        return Err(Msg::new("请指定哪一列是姓名", "Choose the column that holds the name"));
    }
    for (c, field) in mapping.iter().enumerate() {
        if let Some(f) = field
            && mapping[..c].contains(field)
        {
            return Err(Msg::new(
                format!("“{}”对应了不止一列，请只保留一列", label(*f, Lang::Zh)),
                format!("“{}” is chosen for more than one column; keep one", label(*f, Lang::En)),
            ));
        }
    }
    Ok(mapping)
}

/// Takes the clerk's mapping and starts the check; a mapping that cannot be
/// used is shown again with the reason. Either way the browser lands on the
/// job's page, so a refresh sends nothing again.
pub async fn confirm(
    axum::extract::State(state): axum::extract::State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    form: FormData,
) -> PageResult<Response> {
    writer(&user)?;
    let job: Arc<Job> = job_of(&state, &user, id).await?;
    let upload = {
        let mut stage = job.stage.lock().expect("job lock");
        let Stage::Mapping(pending) = &mut *stage else {
            return Ok(Redirect::to(&format!("/fellows/import/{id}")).into_response());
        };
        match chosen(|name| form.get(name), pending.preview.headers.len()) {
            Err(message) => {
                pending.error = Some(message);
                return Ok(Redirect::to(&format!("/fellows/import/{id}")).into_response());
            }
            Ok(mapping) => {
                let Stage::Mapping(pending) = std::mem::replace(&mut *stage, Stage::Checking) else {
                    unreachable!("matched above")
                };
                let mut upload = pending.upload;
                upload.mapping = (mapping != pending.preview.fields).then_some(mapping);
                upload
            }
        }
    };
    tasks::check(state.store.clone(), user.actor.clone(), job.clone(), upload, false);
    Ok(Redirect::to(&format!("/fellows/import/{id}")).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> String + 'a {
        |name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string()).unwrap_or_default()
    }

    #[test]
    fn a_mapping_needs_the_name_once_and_no_field_twice() {
        let ok = chosen(form(&[("col_0", "name"), ("col_1", ""), ("col_2", "phone")]), 3).unwrap();
        assert_eq!(ok, vec![Some(Field::Name), None, Some(Field::Phone)]);
        let no_name = chosen(form(&[("col_0", "phone")]), 1).unwrap_err();
        assert_eq!(no_name.zh, "请指定哪一列是姓名");
        let twice = chosen(form(&[("col_0", "name"), ("col_1", "phone"), ("col_2", "phone")]), 3).unwrap_err();
        assert_eq!(twice.zh, "“手机”对应了不止一列，请只保留一列");
    }
}
