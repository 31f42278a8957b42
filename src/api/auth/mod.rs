//! `/api/v1/auth`: tokens for users (password) and service accounts (client
//! credentials), refresh rotation, logout.

mod logout;
mod refresh;
mod token;

use super::{Access, Routes};

pub fn routes(r: &mut impl Routes) {
    r.add(Access::Public, token::token);
    r.add(Access::Public, refresh::refresh);
    r.add(Access::Public, logout::logout);
}
