/** Licence and attribution wording shared by the ONS datasets (Open Government Licence v3.0). */
export const OGL = 'Open Government Licence v3.0';
export const ONS_ATTRIBUTION = 'Source: Office for National Statistics licensed under the Open Government Licence v3.0';
export const OS_ATTRIBUTION = 'Contains OS data © Crown copyright and database right';
export const ONS_PUBLISHER = 'Office for National Statistics';
