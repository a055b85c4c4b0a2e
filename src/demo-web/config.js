// Where the payments API lives. `npm start` serves its own version of this file with the address it started the
// app on; a page copied elsewhere sets its own.
window.demoConfig = { apiBaseUrl: 'http://127.0.0.1:7071/api' };
